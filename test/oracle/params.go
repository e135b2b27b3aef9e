package main

// Params JSON → param.TemplateParams, as docs/dev/template-params.md specifies: encoding/json field matching, and
// numbers inside interface{} values decoded as Kubernetes' unstructured JSON does (an integer literal that fits
// int64 becomes int64, anything else float64).

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"./param"
)

func decodeParams(raw json.RawMessage) (param.TemplateParams, error) {
	var tp param.TemplateParams
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 || string(trimmed) == "null" {
		return tp, nil
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	dec.UseNumber()
	if err := dec.Decode(&tp); err != nil {
		return tp, err
	}
	var err error
	if tp.Object, err = convertMap(tp.Object); err != nil {
		return tp, err
	}
	if tp.PodOverride, err = convertMap(tp.PodOverride); err != nil {
		return tp, err
	}
	phases := []*param.Phase{tp.DeferPhase}
	for _, p := range tp.Phases {
		phases = append(phases, p)
	}
	for _, p := range phases {
		if p == nil {
			continue
		}
		if p.Output, err = convertMap(p.Output); err != nil {
			return tp, err
		}
	}
	return tp, nil
}

func convertMap(m map[string]interface{}) (map[string]interface{}, error) {
	for k, v := range m {
		c, err := convertNumbers(v)
		if err != nil {
			return nil, err
		}
		m[k] = c
	}
	return m, nil
}

func convertNumbers(v interface{}) (interface{}, error) {
	switch x := v.(type) {
	case json.Number:
		s := string(x)
		if !strings.ContainsAny(s, ".eE") {
			if i, err := strconv.ParseInt(s, 10, 64); err == nil {
				return i, nil
			}
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, fmt.Errorf("number %s out of range", s)
		}
		return f, nil
	case map[string]interface{}:
		return convertMap(x)
	case []interface{}:
		for i, e := range x {
			c, err := convertNumbers(e)
			if err != nil {
				return nil, err
			}
			x[i] = c
		}
		return x, nil
	}
	return v, nil
}
