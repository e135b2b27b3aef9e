import { describe, expect, it } from 'vitest';
import { QueryParams } from '../../../local/rds-api/query.js';

describe('QueryParams', () => {
  it('reads lists named after the model xmlName, as the v3 SDK sends them', () => {
    const p = QueryParams.parse(
      'Action=CreateDBInstance&VpcSecurityGroupIds.VpcSecurityGroupId.2=sg-2&VpcSecurityGroupIds.VpcSecurityGroupId.1=sg-1' +
        '&Tags.Tag.1.Key=team&Tags.Tag.1.Value=pay%20ments&Filters.Filter.1.Name=engine&Filters.Filter.1.Values.Value.1=postgres',
    );
    expect(p.str('Action')).toBe('CreateDBInstance');
    expect(p.strings('VpcSecurityGroupIds')).toEqual(['sg-1', 'sg-2']);
    expect(p.tags()).toEqual([{ Key: 'team', Value: 'pay ments' }]);
    expect(p.filters()).toEqual([{ name: 'engine', values: ['postgres'] }]);
  });

  it('reads member-style and empty lists', () => {
    const p = QueryParams.parse(
      'ExportOnly.member.1=db.a&ExportOnly.member.10=db.c&ExportOnly.member.2=db.b&ValuesToRemove=',
    );
    expect(p.strings('ExportOnly')).toEqual(['db.a', 'db.b', 'db.c']);
    expect(p.strings('ValuesToRemove')).toEqual([]);
    expect(p.strings('Missing')).toBeUndefined();
  });

  it('types scalars and reports missing or malformed ones with RDS error codes', () => {
    const p = QueryParams.parse('AllocatedStorage=20&CopyTags=true&MaxRecords=ten&SkipFinalSnapshot=yes');
    expect(p.int('AllocatedStorage')).toBe(20);
    expect(p.bool('CopyTags')).toBe(true);
    expect(() => p.int('MaxRecords')).toThrow(expect.objectContaining({ code: 'InvalidParameterValue' }));
    expect(() => p.bool('SkipFinalSnapshot')).toThrow(expect.objectContaining({ code: 'InvalidParameterValue' }));
    expect(() => p.required('DBInstanceIdentifier')).toThrow(expect.objectContaining({ code: 'MissingParameter' }));
  });
});
