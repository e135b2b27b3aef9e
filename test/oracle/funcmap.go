package main

// Kanister's template function map: sprig's TxtFuncMap restricted to the functions sprig v2.22.0 had (Kanister pins
// github.com/Masterminds/sprig v2.22.0+incompatible; Debian ships 3.2.3), without env/expandenv/getHostByName
// (Holdfast templates cannot read the host), with Kanister's pkg/ksprig FIPS replacements and with the
// v2.22.0 behaviour restored where 3.2.3 changed a function that both versions have (sprig_v2.go).

import (
	"fmt"
	"text/template"

	"github.com/Masterminds/sprig"
)

// sprigV2Functions is the key set of genericMap in sprig v2.22.0 functions.go (checked against a vendored copy of
// that release: it has deepCopy and getHostByName from 2.22.0 and none of 3.0.0's must*, get, toRawJson).
var sprigV2Functions = []string{
	"hello", "date", "date_in_zone", "date_modify", "now", "htmlDate", "htmlDateInZone", "dateInZone",
	"dateModify", "ago", "toDate", "unixEpoch",
	"abbrev", "abbrevboth", "trunc", "trim", "upper", "lower", "title", "untitle", "substr", "repeat",
	"trimall", "trimAll", "trimSuffix", "trimPrefix", "nospace", "initials", "randAlphaNum", "randAlpha",
	"randAscii", "randNumeric", "swapcase", "shuffle", "snakecase", "camelcase", "kebabcase", "wrap",
	"wrapWith", "contains", "hasPrefix", "hasSuffix", "quote", "squote", "cat", "indent", "nindent",
	"replace", "plural", "sha1sum", "sha256sum", "adler32sum", "toString",
	"atoi", "int64", "int", "float64", "toDecimal",
	"split", "splitList", "splitn", "toStrings", "until", "untilStep",
	"add1", "add", "sub", "div", "mod", "mul", "biggest", "max", "min", "ceil", "floor", "round",
	"join", "sortAlpha",
	"default", "empty", "coalesce", "compact", "deepCopy", "toJson", "toPrettyJson", "ternary",
	"typeOf", "typeIs", "typeIsLike", "kindOf", "kindIs", "deepEqual",
	"env", "expandenv", "getHostByName",
	"base", "dir", "clean", "ext", "isAbs",
	"b64enc", "b64dec", "b32enc", "b32dec",
	"tuple", "list", "dict", "set", "unset", "hasKey", "pluck", "keys", "pick", "omit", "merge",
	"mergeOverwrite", "values",
	"append", "push", "prepend", "first", "rest", "last", "initial", "reverse", "uniq", "without", "has",
	"slice", "concat",
	"genPrivateKey", "derivePassword", "buildCustomCert", "genCA", "genSelfSignedCert", "genSignedCert",
	"encryptAES", "decryptAES",
	"uuidv4", "semver", "semverCompare", "fail",
	"regexMatch", "regexFindAll", "regexFind", "regexReplaceAll", "regexReplaceAllLiteral", "regexSplit",
	"urlParse", "urlJoin",
}

// Holdfast removes what would let a template read the environment or the network (DESIGN.md).
var hostFunctions = []string{"env", "expandenv", "getHostByName"}

// unsupportedSprigUsageErr is ksprig.UnsupportedSprigUsageErr: same text.
type unsupportedSprigUsageErr struct{ usage string }

func (e unsupportedSprigUsageErr) Error() string {
	return fmt.Sprintf("sprig usage of '%s' is not allowed by kanister as it is not FIPS compatible", e.usage)
}

// ksprigReplacements mirrors kanister pkg/ksprig: it replaces only names the sprig map has, so bcrypt and
// htpasswd (absent from v2.22.0) stay undefined.
func ksprigReplacements(genPrivateKey func(string) string) map[string]interface{} {
	return map[string]interface{}{
		"bcrypt": func(input string) (string, error) {
			return "", unsupportedSprigUsageErr{"bcrypt"}
		},
		"derivePassword": func(counter uint32, passwordType, password, user, site string) (string, error) {
			return "", unsupportedSprigUsageErr{"derivePassword"}
		},
		"genPrivateKey": func(typ string) (string, error) {
			switch typ {
			case "rsa", "ecdsa", "ed25519":
				return genPrivateKey(typ), nil
			}
			return "", unsupportedSprigUsageErr{fmt.Sprintf("genPrivateKey for %s", typ)}
		},
		"htpasswd": func(username string, password string) (string, error) {
			return "", unsupportedSprigUsageErr{"htpasswd"}
		},
	}
}

// kanisterFuncMap builds a fresh map per render, as Kanister calls ksprig.TxtFuncMap() per render.
func kanisterFuncMap() template.FuncMap {
	all := sprig.TxtFuncMap()
	keep := make(map[string]bool, len(sprigV2Functions))
	for _, name := range sprigV2Functions {
		keep[name] = true
	}
	for name := range all {
		if !keep[name] {
			delete(all, name)
		}
	}
	for _, name := range hostFunctions {
		delete(all, name)
	}
	for name, fn := range sprigV2Overrides() {
		all[name] = fn
	}
	for name, fn := range ksprigReplacements(v2GenPrivateKey(all["genPrivateKey"].(func(string) string))) {
		if _, ok := all[name]; ok {
			all[name] = fn
		}
	}
	return all
}

// checkSprigV2Functions fails fast if Debian's sprig lacks a v2.22.0 function (the list would then be wrong).
func checkSprigV2Functions() error {
	all := sprig.TxtFuncMap()
	for _, name := range sprigV2Functions {
		if _, ok := all[name]; !ok {
			return fmt.Errorf("sprig %s has no function %q", "3.2.3", name)
		}
	}
	return nil
}
