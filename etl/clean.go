package etl

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Findings of the Go pass: what it fixed in a file without rejecting a record (Note.Finding).
const (
	NoteEncoding = "the file is not UTF-8: read in its encoding and converted to UTF-8"
	NoteNUL      = "stray NUL bytes stripped"
)

// Encodings a file can be declared in (mapping key encoding:, flag --encoding) or found in.
const (
	encUTF8    = "utf-8"
	encCP1252  = "windows-1252"
	encLatin1  = "latin-1"
	encUTF16LE = "utf-16le"
	encUTF16BE = "utf-16be"
)

// ParseEncoding checks an encoding name as a mapping or the --encoding flag gives it and
// returns its canonical spelling ("" stays "": detect from the file).
func ParseEncoding(name string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "":
		return "", nil
	case "utf-8", "utf8":
		return encUTF8, nil
	case "windows-1252", "cp1252", "win-1252":
		return encCP1252, nil
	case "latin-1", "latin1", "iso-8859-1", "iso8859-1":
		return encLatin1, nil
	}
	return "", fmt.Errorf("encoding %q: use utf-8, windows-1252 or latin-1 (or leave it out to detect it)", name)
}

// cp1252High maps bytes 0x80–0x9F of Windows-1252 to their characters; the five bytes the code
// page leaves undefined map to the C1 controls of the same value, as the WHATWG Encoding
// Standard (and so every browser) does. Bytes 0xA0–0xFF are the Unicode code points of the
// same value.
var cp1252High = [32]rune{
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
}

// decodeCP1252 appends src read as Windows-1252 to dst, as UTF-8. Latin-1 files are read the
// same way: real "Latin-1" exports carry Windows-1252 punctuation (curly quotes, dashes) in
// 0x80–0x9F, where ISO-8859-1 has only invisible controls, so the Encoding Standard reads the
// label latin-1 as windows-1252 too.
func decodeCP1252(dst, src []byte) []byte {
	for _, c := range src {
		switch {
		case c < 0x80:
			dst = append(dst, c)
		case c < 0xA0:
			dst = utf8.AppendRune(dst, cp1252High[c-0x80])
		default:
			dst = utf8.AppendRune(dst, rune(c))
		}
	}
	return dst
}

// isASCII reports whether b has no byte above 0x7F (then it reads the same in every encoding
// tierlens knows).
func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// utf16Reader decodes a UTF-16 stream (after its byte order mark) into UTF-8. Unpaired
// surrogates and a final odd byte become U+FFFD, as in any UTF-16 decoder.
type utf16Reader struct {
	r   io.Reader
	big bool
	in  []byte // bytes read but not decoded yet (half a code unit, or a high surrogate)
	out []byte // decoded bytes not returned yet
	buf []byte
	err error
}

func newUTF16Reader(r io.Reader, big bool) *utf16Reader {
	return &utf16Reader{r: r, big: big, buf: make([]byte, 64<<10)}
}

func (u *utf16Reader) unit(i int) rune {
	if u.big {
		return rune(u.in[i])<<8 | rune(u.in[i+1])
	}
	return rune(u.in[i+1])<<8 | rune(u.in[i])
}

func (u *utf16Reader) Read(p []byte) (int, error) {
	for len(u.out) == 0 {
		if u.err != nil {
			return 0, u.err
		}
		n, err := u.r.Read(u.buf)
		u.in = append(u.in, u.buf[:n]...)
		u.out = u.out[:0]
		i := 0
		for i+1 < len(u.in) {
			c := u.unit(i)
			switch {
			case c >= 0xD800 && c < 0xDC00: // high surrogate: needs the next unit
				if i+3 >= len(u.in) {
					if err == nil {
						goto more
					}
					u.out = utf8.AppendRune(u.out, utf8.RuneError)
					i += 2
					continue
				}
				if r := utf16.DecodeRune(c, u.unit(i+2)); r != utf8.RuneError {
					u.out = utf8.AppendRune(u.out, r)
					i += 4
					continue
				}
				u.out = utf8.AppendRune(u.out, utf8.RuneError)
				i += 2
			case c >= 0xDC00 && c < 0xE000:
				u.out = utf8.AppendRune(u.out, utf8.RuneError)
				i += 2
			default:
				u.out = utf8.AppendRune(u.out, c)
				i += 2
			}
		}
	more:
		u.in = append(u.in[:0], u.in[i:]...)
		if err != nil {
			if len(u.in) > 0 {
				u.out = utf8.AppendRune(u.out, utf8.RuneError)
				u.in = u.in[:0]
			}
			u.err = err
		}
	}
	n := copy(p, u.out)
	u.out = u.out[n:]
	return n, nil
}

// sniffUTF16 recognises UTF-16 text without a byte order mark by its NULs: in mostly-ASCII
// UTF-16 every other byte is 0. It returns the encoding, or "".
func sniffUTF16(sample []byte) string {
	if len(sample) < 16 {
		return ""
	}
	var even, odd int
	for i, c := range sample {
		if c == 0 {
			if i%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	half := len(sample) / 2
	switch {
	case odd*10 > half*7 && even*10 < odd:
		return encUTF16LE
	case even*10 > half*7 && odd*10 < even:
		return encUTF16BE
	}
	return ""
}

// binaryMagic are the first bytes of files that are sometimes passed for exports: the hint
// says what to do instead.
var binaryMagic = []struct {
	magic, hint string
}{
	{"PK\x03\x04", " (it looks like a zip or XLSX file: export as CSV)"},
	{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", " (it looks like an Excel 97-2003 .xls file: export as CSV)"},
	{"\x1F\x8B", " (it looks like a gzip file: unpack it first)"},
	{"%PDF-", " (it looks like a PDF file)"},
	{"\x89PNG", ""},
	{"\xFF\xD8\xFF", ""},
}

// checkBinary refuses files that are not text: a known binary signature; more than one byte
// in twenty of the sample a control character no text export has (NUL aside); or NULs and
// controls together in more than three bytes in ten. A few NULs in an otherwise-text file
// are no reason to refuse it: they are stripped.
func checkBinary(sample []byte) error {
	for _, m := range binaryMagic {
		if bytes.HasPrefix(sample, []byte(m.magic)) {
			return fmt.Errorf("not a text file: it contains binary data%s", m.hint)
		}
	}
	nul, ctl := 0, 0
	for _, c := range sample {
		switch {
		case c == 0:
			nul++
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v':
			ctl++
		}
	}
	if ctl*20 > len(sample) || (nul+ctl)*10 > 3*len(sample) {
		return fmt.Errorf("not a text file: it contains binary data")
	}
	return nil
}

// stripNUL removes NUL bytes from b in place and returns the shortened slice and the lines
// (relative to b's first, 0-based) that held one.
func stripNUL(b []byte, lines []int) ([]byte, []int) {
	out := b[:0]
	line, last := 0, -1
	for _, c := range b {
		switch c {
		case 0:
			if line != last {
				lines = append(lines, line)
				last = line
			}
			continue
		case '\n':
			line++
		}
		out = append(out, c)
	}
	return out, lines
}

// lineList renders up to max line numbers for a note ("3, 17, 40 and 12 more").
func lineList(lines []int64, max int) string {
	var b strings.Builder
	for i, l := range lines {
		if i == max {
			fmt.Fprintf(&b, " and %d more", len(lines)-max)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprint(&b, l)
	}
	return b.String()
}

// cleanCopy is the file DuckDB reads instead of an export the Go pass had to clean: the header
// and only the records the Go pass accepted, as UTF-8 without NULs. It lives beside the
// warehouse (or in the system's temp dir) and is removed after the load.
type cleanCopy struct {
	f    *os.File
	w    *bufio.Writer
	path string
}

// createClean creates an empty cleaned copy in dir ("" = the system's temp dir); when dir is
// not writable it falls back on the temp dir.
func createClean(dir, ext string) (*cleanCopy, error) {
	f, err := os.CreateTemp(dir, ".tierlens-clean-*"+ext)
	if err != nil && dir != "" {
		f, err = os.CreateTemp("", ".tierlens-clean-*"+ext)
	}
	if err != nil {
		return nil, fmt.Errorf("write a cleaned copy of the file: %w", err)
	}
	return &cleanCopy{f: f, w: bufio.NewWriterSize(f, 1<<20), path: f.Name()}, nil
}

func (c *cleanCopy) write(b []byte) error {
	_, err := c.w.Write(b)
	return err
}

// close flushes the copy; on error the copy is removed.
func (c *cleanCopy) close() error {
	err := c.w.Flush()
	if cerr := c.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(c.path)
		return fmt.Errorf("write a cleaned copy of the file: %w", err)
	}
	return nil
}

// discard closes and removes an unfinished copy.
func (c *cleanCopy) discard() {
	if c != nil {
		c.f.Close()
		os.Remove(c.path)
	}
}
