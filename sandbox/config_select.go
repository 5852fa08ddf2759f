package sandbox

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// SelectResourceConfig and SelectAggregateResourceConfig answer a small
// subset of AWS Config's SQL:
//
//	SELECT field [, field ...] [WHERE condition [AND condition ...]]
//
// A field is a property path such as resourceId, awsRegion or
// configuration.encrypted; a condition is field = literal, field IN
// (literal, ...) or field LIKE 'prefix%', where a literal is a quoted
// string, true, false or a number, and a path that crosses a list matches
// when any element does. The sandbox answers any other query (SELECT *,
// OR, NOT, comparisons, BETWEEN, COUNT, GROUP BY, ORDER BY, aliases) with
// AWS's InvalidExpressionException, saying so. Each result is the item
// reduced to the selected paths; a path that crosses a list keeps the
// whole list.

// selectQuery is a parsed query.
type selectQuery struct {
	fields     []string
	conditions []selectCondition
}

type selectCondition struct {
	field  string
	values []any  // = and IN
	prefix string // LIKE 'prefix%'
	like   bool
}

var (
	selectRe     = regexp.MustCompile(`(?is)^\s*SELECT\s+(.+?)(?:\s+WHERE\s+(.+?))?\s*;?\s*$`)
	selectPathRe = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$`)
	selectCondRe = regexp.MustCompile(`(?is)^\s*([A-Za-z][A-Za-z0-9_.]*)\s*(=|\s+IN\s+|\s+LIKE\s+)\s*(.+?)\s*$`)
	selectAndRe  = regexp.MustCompile(`(?i)\s+AND\s+`)
	selectNotRe  = regexp.MustCompile(`(?i)\s(OR|NOT|BETWEEN|GROUP|ORDER)\s|[<>!]`)
)

func invalidExpression(format string, args ...any) *apiError {
	return cfgError("InvalidExpressionException", "The expression is not valid in the sandbox: "+format+
		" (the sandbox supports SELECT fields [WHERE field = literal | field IN (...) | field LIKE 'prefix%' [AND ...]]).", args...)
}

func parseSelect(expr string) (*selectQuery, *apiError) {
	m := selectRe.FindStringSubmatch(expr)
	if m == nil {
		return nil, invalidExpression("it is not of the form SELECT ... [WHERE ...]")
	}
	q := &selectQuery{}
	for _, f := range strings.Split(m[1], ",") {
		f = strings.TrimSpace(f)
		if !selectPathRe.MatchString(f) {
			return nil, invalidExpression("%q is not a property path", f)
		}
		q.fields = append(q.fields, f)
	}
	if m[2] == "" {
		return q, nil
	}
	if selectNotRe.MatchString(" " + stripQuoted(m[2]) + " ") {
		return nil, invalidExpression("the WHERE clause uses an operator other than =, IN, LIKE and AND")
	}
	for _, part := range selectAndRe.Split(m[2], -1) {
		cm := selectCondRe.FindStringSubmatch(part)
		if cm == nil {
			return nil, invalidExpression("%q is not a condition", strings.TrimSpace(part))
		}
		c := selectCondition{field: cm[1]}
		switch op := strings.ToUpper(strings.TrimSpace(cm[2])); op {
		case "=":
			v, err := selectLiteral(cm[3])
			if err != nil {
				return nil, err
			}
			c.values = []any{v}
		case "IN":
			list := strings.TrimSpace(cm[3])
			if !strings.HasPrefix(list, "(") || !strings.HasSuffix(list, ")") {
				return nil, invalidExpression("IN takes a parenthesized list")
			}
			for _, lit := range splitLiterals(list[1 : len(list)-1]) {
				v, err := selectLiteral(lit)
				if err != nil {
					return nil, err
				}
				c.values = append(c.values, v)
			}
		default: // LIKE
			v, err := selectLiteral(cm[3])
			s, isString := v.(string)
			if err != nil || !isString || !strings.HasSuffix(s, "%") || strings.ContainsAny(strings.TrimSuffix(s, "%"), "%_") {
				return nil, invalidExpression("LIKE takes a quoted prefix ending in %%")
			}
			c.like, c.prefix = true, strings.TrimSuffix(s, "%")
		}
		q.conditions = append(q.conditions, c)
	}
	return q, nil
}

// stripQuoted blanks the quoted strings of a clause, so that keywords inside
// them are not mistaken for operators.
func stripQuoted(s string) string {
	return regexp.MustCompile(`'[^']*'`).ReplaceAllString(s, "''")
}

// splitLiterals splits a list of literals on the commas outside quotes.
func splitLiterals(s string) []string {
	var out []string
	inQuote, start := false, 0
	for i, r := range s {
		switch {
		case r == '\'':
			inQuote = !inQuote
		case r == ',' && !inQuote:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

func selectLiteral(lit string) (any, *apiError) {
	lit = strings.TrimSpace(lit)
	switch {
	case len(lit) >= 2 && lit[0] == '\'' && lit[len(lit)-1] == '\'':
		return lit[1 : len(lit)-1], nil
	case strings.EqualFold(lit, "true"):
		return true, nil
	case strings.EqualFold(lit, "false"):
		return false, nil
	}
	if f, err := strconv.ParseFloat(lit, 64); err == nil {
		return f, nil
	}
	return nil, invalidExpression("%q is not a literal", lit)
}

// selectDocument is an item as the query language sees it: the
// configuration and supplementary configuration as JSON values.
func selectDocument(account, region string, ci *configItem) map[string]any {
	doc := map[string]any{
		"version":                      "1.3",
		"accountId":                    account,
		"awsRegion":                    region,
		"resourceType":                 ci.ResourceType,
		"resourceId":                   ci.ResourceID,
		"configurationItemCaptureTime": isoTime(ci.Captured.time()),
		"configurationItemStatus":      ci.Status,
		"configurationStateId":         ci.StateID,
		"tags":                         tagList(ci.Tags, "key", "value"),
	}
	setIf(doc, "resourceName", ci.ResourceName)
	setIf(doc, "arn", ci.ARN)
	setIf(doc, "availabilityZone", ci.AZ)
	if ci.Created != nil {
		doc["resourceCreationTime"] = isoTime(ci.Created.time())
	}
	var cfg any
	if json.Unmarshal(ci.Configuration, &cfg) == nil {
		doc["configuration"] = cfg
	}
	supp := map[string]any{}
	for name, raw := range ci.Supplementary {
		var v any
		if json.Unmarshal(raw, &v) == nil {
			if s, ok := v.(string); ok { // a JSON string holding JSON, as AccessControlList
				var inner any
				if json.Unmarshal([]byte(s), &inner) == nil {
					v = inner
				}
			}
			supp[name] = v
		}
	}
	doc["supplementaryConfiguration"] = supp
	return doc
}

// pathValues returns the values at a path, crossing lists.
func pathValues(v any, path []string) []any {
	if len(path) == 0 {
		if list, ok := v.([]any); ok {
			return list
		}
		return []any{v}
	}
	switch x := v.(type) {
	case map[string]any:
		next, ok := x[path[0]]
		if !ok {
			return nil
		}
		return pathValues(next, path[1:])
	case []any:
		var out []any
		for _, e := range x {
			out = append(out, pathValues(e, path)...)
		}
		return out
	}
	return nil
}

func (c selectCondition) matches(doc map[string]any) bool {
	for _, v := range pathValues(doc, strings.Split(c.field, ".")) {
		if c.like {
			if s, ok := v.(string); ok && strings.HasPrefix(s, c.prefix) {
				return true
			}
			continue
		}
		for _, want := range c.values {
			if fmt.Sprint(v) == fmt.Sprint(want) {
				return true
			}
		}
	}
	return false
}

// project keeps the selected paths of a document.
func (q *selectQuery) project(doc map[string]any) map[string]any {
	out := map[string]any{}
	for _, f := range q.fields {
		path := strings.Split(f, ".")
		src, dst := any(doc), out
		for i, key := range path {
			m, ok := src.(map[string]any)
			if !ok {
				break
			}
			next, ok := m[key]
			if !ok {
				break
			}
			if _, isMap := next.(map[string]any); !isMap || i == len(path)-1 {
				dst[key] = next // a leaf, or a list kept whole
				break
			}
			sub, ok := dst[key].(map[string]any)
			if !ok {
				sub = map[string]any{}
				dst[key] = sub
			}
			src, dst = next, sub
		}
	}
	return out
}

// runSelect runs a query over items and pages the results.
func runSelect(q *selectQuery, items []aggItem, token string, limit int) (map[string]any, *apiError) {
	var results []string
	for _, it := range items {
		if it.ci.deleted() {
			continue
		}
		doc := selectDocument(it.account, it.region, it.ci)
		match := true
		for _, c := range q.conditions {
			match = match && c.matches(doc)
		}
		if match {
			results = append(results, string(mustJSON(q.project(doc))))
		}
	}
	page, next, ok := pageByPosition(results, token, limit)
	if !ok {
		return nil, cfgError("InvalidNextTokenException", "The specified next token is not valid.")
	}
	return cfgList("Results", nonNil(page), next), nil
}

func (s *Server) cfgSelectResourceConfig(c *call) (any, error) {
	var req struct {
		Expression *string `json:"Expression"`
		Limit      int     `json:"Limit"`
		NextToken  string  `json:"NextToken"`
	}
	if err := cfgDecode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	v.reqStr("expression", req.Expression, 1, 4096, nil, "")
	limit := cfgPageLimit(&v, req.Limit, 100)
	if err := cfgValidation(&v); err != nil {
		return nil, err
	}
	q, err := parseSelect(*req.Expression)
	if err != nil {
		return nil, err
	}
	rs := c.st.region(c.account, c.region)
	var items []aggItem
	for _, k := range slices.Sorted(maps.Keys(rs.Items)) {
		items = append(items, aggItem{c.account, c.region, rs.Items[k]})
	}
	out, err := runSelect(q, items, req.NextToken, limit)
	if err != nil {
		return nil, err
	}
	out["QueryInfo"] = queryInfo(q)
	return out, nil
}

func (s *Server) cfgSelectAggregateResourceConfig(c *call) (any, error) {
	var req struct {
		Expression *string `json:"Expression"`
		Name       *string `json:"ConfigurationAggregatorName"`
		Limit      int     `json:"Limit"`
		MaxResults int     `json:"MaxResults"`
		NextToken  string  `json:"NextToken"`
	}
	if err := cfgDecode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	v.reqStr("expression", req.Expression, 1, 4096, nil, "")
	limit := cfgPageLimit(&v, req.Limit, 100)
	if req.MaxResults != 0 {
		limit = cfgPageLimit(&v, req.MaxResults, 100)
	}
	if err := cfgValidation(&v); err != nil {
		return nil, err
	}
	ag, err := lookupAggregator(c, req.Name)
	if err != nil {
		return nil, err
	}
	q, err := parseSelect(*req.Expression)
	if err != nil {
		return nil, err
	}
	out, err := runSelect(q, s.aggregateItems(c.st, ag), req.NextToken, limit)
	if err != nil {
		return nil, err
	}
	out["QueryInfo"] = queryInfo(q)
	return out, nil
}

func queryInfo(q *selectQuery) map[string]any {
	fields := make([]map[string]string, len(q.fields))
	for i, f := range q.fields {
		fields[i] = map[string]string{"Name": f}
	}
	return map[string]any{"SelectFields": fields}
}
