package sample

import "unicode/utf8"

// Hand-written appenders instead of encoding/csv, encoding/json and
// time.Format: the event log writes millions of rows and these keep the
// generator well above 150k tickets/s. They follow the same rules as the
// standard library (RFC 4180 quoting, JSON string escaping).

// appendCSV appends s as one CSV field, quoted when RFC 4180 (or a leading
// space, which some readers trim) requires it.
func appendCSV(b []byte, s string) []byte {
	if !needsQuotes(s) {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}

func needsQuotes(s string) bool {
	if s == "" {
		return false
	}
	if s[0] == ' ' || s[0] == '\t' {
		return true
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ',', '"', '\r', '\n':
			return true
		}
	}
	return false
}

func append2(b []byte, v int) []byte {
	return append(b, byte('0'+v/10), byte('0'+v%10))
}

func appendUint(b []byte, v int) []byte {
	if v < 10 {
		return append(b, byte('0'+v))
	}
	var tmp [20]byte
	i := len(tmp)
	for v > 0 {
		i--
		tmp[i] = byte('0' + v%10)
		v /= 10
	}
	return append(b, tmp[i:]...)
}

func appendYear(b []byte, y int) []byte {
	return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10))
}

// appendISO appends s as local "2006-01-02T15:04:05" (sep 'T') or
// "2006-01-02 15:04:05" (sep ' ').
func (c *calendar) appendISO(b []byte, s int64, sep byte) []byte {
	y, mo, d, h, mi, sec := c.fields(s)
	b = appendYear(b, y)
	b = append(b, '-')
	b = append2(b, mo)
	b = append(b, '-')
	b = append2(b, d)
	b = append(b, sep)
	b = append2(b, h)
	b = append(b, ':')
	b = append2(b, mi)
	b = append(b, ':')
	return append2(b, sec)
}

// appendDayFirst appends s as local "2/1/2006 15:04", the UCI event log's
// layout: day and month without padding, no seconds.
func (c *calendar) appendDayFirst(b []byte, s int64) []byte {
	y, mo, d, h, mi, _ := c.fields(s)
	b = appendUint(b, d)
	b = append(b, '/')
	b = appendUint(b, mo)
	b = append(b, '/')
	b = appendYear(b, y)
	b = append(b, ' ')
	b = append2(b, h)
	b = append(b, ':')
	return append2(b, mi)
}

// appendJSONString appends s as a JSON string. Like encoding/json it escapes
// <, > and & so the output is safe to embed in HTML.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20 || c == '<' || c == '>' || c == '&':
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}
