/**
 * AWS Query XML responses. Lists carry their member element name explicitly because the SDK's XML deserializer
 * reads list items under the model's xmlName (`<TagList><Tag>…`, `<DBSnapshots><DBSnapshot>…`) and silently drops
 * anything else; the names used by the shapes come from `@aws-sdk/client-rds`'s schemas.
 */

export const XML_NAMESPACE = 'http://rds.amazonaws.com/doc/2014-10-31/';

export type XmlValue = string | number | boolean | Date | undefined | XmlList | XmlStruct;
export interface XmlStruct {
  readonly [element: string]: XmlValue;
}

export class XmlList {
  constructor(
    readonly member: string,
    readonly items: readonly XmlValue[],
  ) {}
}

/** A list whose items are written as `<member>…</member>`. */
export const xmlList = (member: string, items: readonly XmlValue[]): XmlList => new XmlList(member, items);

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function renderValue(value: XmlValue): string {
  if (value instanceof XmlList) {
    return value.items.map((item) => renderElement(value.member, item)).join('');
  }
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    return Object.entries(value)
      .map(([name, child]) => renderElement(name, child))
      .join('');
  }
  return escapeXml(String(value));
}

function renderElement(name: string, value: XmlValue): string {
  if (value === undefined) return '';
  return `<${name}>${renderValue(value)}</${name}>`;
}

/** `<XResponse><XResult>…</XResult><ResponseMetadata>…` — the result is omitted for actions without output. */
export function successXml(action: string, result: XmlStruct | undefined, requestId: string): string {
  const body = result === undefined ? '' : renderElement(`${action}Result`, result);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${XML_NAMESPACE}">${body}` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  );
}

export function errorXml(type: string, code: string, message: string, requestId: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${XML_NAMESPACE}"><Error><Type>${escapeXml(type)}</Type>` +
    `<Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error>` +
    `<RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}
