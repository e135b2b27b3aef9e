package main

// Functions that both sprig v2.22.0 and 3.2.3 have but that 3.2.3 changed. Kanister runs v2.22.0, so the oracle
// restores the v2.22.0 behaviour here (written from that release's semantics, not copied):
//   - numeric conversion: 3.2.3 converts with spf13/cast (strings parsed with base prefixes, "1.0" accepted as 1);
//     v2.22.0 parses strings with strconv base 10 (anything else is 0), dereferences pointers, saturates uint64 at
//     MaxInt64 and maps bool to 1/0. Every function that converts through toInt64/toInt/toFloat64 is rebuilt.
//   - trunc: 3.0.0 (#196) made a negative length count from the end; v2.22.0 slices s[0:c] and so panics.
//   - genPrivateKey: 3.2.0 (#270) added ed25519; v2.22.0 answers "Unknown type ed25519".

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
)

func v2ToInt64(v interface{}) int64 {
	if s, ok := v.(string); ok {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return 0
		}
		return n
	}
	rv := reflect.Indirect(reflect.ValueOf(v))
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int()
	case reflect.Uint8, reflect.Uint16, reflect.Uint32:
		return int64(rv.Uint())
	case reflect.Uint, reflect.Uint64:
		if u := rv.Uint(); u <= math.MaxInt64 {
			return int64(u)
		}
		return math.MaxInt64
	case reflect.Float32, reflect.Float64:
		return int64(rv.Float())
	case reflect.Bool:
		if rv.Bool() {
			return 1
		}
		return 0
	}
	return 0
}

func v2ToFloat64(v interface{}) float64 {
	if s, ok := v.(string); ok {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return 0
		}
		return f
	}
	rv := reflect.Indirect(reflect.ValueOf(v))
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(rv.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return float64(rv.Uint())
	case reflect.Float32, reflect.Float64:
		return rv.Float()
	case reflect.Bool:
		if rv.Bool() {
			return 1
		}
		return 0
	}
	return 0
}

func v2ToInt(v interface{}) int { return int(v2ToInt64(v)) }

func v2Max(a interface{}, rest ...interface{}) int64 {
	m := v2ToInt64(a)
	for _, b := range rest {
		if n := v2ToInt64(b); n > m {
			m = n
		}
	}
	return m
}

func v2Min(a interface{}, rest ...interface{}) int64 {
	m := v2ToInt64(a)
	for _, b := range rest {
		if n := v2ToInt64(b); n < m {
			m = n
		}
	}
	return m
}

func v2Round(a interface{}, places int, roundOn ...float64) float64 {
	threshold := .5
	if len(roundOn) > 0 {
		threshold = roundOn[0]
	}
	pow := math.Pow(10, float64(places))
	digit := pow * v2ToFloat64(a)
	if _, frac := math.Modf(digit); frac >= threshold {
		return math.Ceil(digit) / pow
	}
	return math.Floor(digit) / pow
}

func v2Slice(list interface{}, indices ...interface{}) interface{} {
	kind := reflect.TypeOf(list).Kind()
	if kind != reflect.Slice && kind != reflect.Array {
		panic(fmt.Sprintf("list should be type of slice or array but %s", kind))
	}
	rv := reflect.ValueOf(list)
	if rv.Len() == 0 {
		return nil
	}
	start, end := 0, rv.Len()
	if len(indices) > 0 {
		start = v2ToInt(indices[0])
	}
	if len(indices) > 1 {
		end = v2ToInt(indices[1])
	}
	return rv.Slice(start, end).Interface()
}

func sprigV2Overrides() map[string]interface{} {
	return map[string]interface{}{
		"int64":   v2ToInt64,
		"int":     v2ToInt,
		"float64": v2ToFloat64,
		"add1":    func(i interface{}) int64 { return v2ToInt64(i) + 1 },
		"add": func(i ...interface{}) int64 {
			var sum int64
			for _, b := range i {
				sum += v2ToInt64(b)
			}
			return sum
		},
		"sub": func(a, b interface{}) int64 { return v2ToInt64(a) - v2ToInt64(b) },
		"div": func(a, b interface{}) int64 { return v2ToInt64(a) / v2ToInt64(b) },
		"mod": func(a, b interface{}) int64 { return v2ToInt64(a) % v2ToInt64(b) },
		"mul": func(a interface{}, v ...interface{}) int64 {
			product := v2ToInt64(a)
			for _, b := range v {
				product *= v2ToInt64(b)
			}
			return product
		},
		"biggest": v2Max,
		"max":     v2Max,
		"min":     v2Min,
		"ceil":    func(a interface{}) float64 { return math.Ceil(v2ToFloat64(a)) },
		"floor":   func(a interface{}) float64 { return math.Floor(v2ToFloat64(a)) },
		"round":   v2Round,
		"slice":   v2Slice,
		"trunc": func(c int, s string) string {
			if len(s) <= c {
				return s
			}
			return s[0:c]
		},
	}
}

func v2GenPrivateKey(v3 func(string) string) func(string) string {
	return func(typ string) string {
		if typ == "ed25519" {
			return "Unknown type " + typ
		}
		return v3(typ)
	}
}
