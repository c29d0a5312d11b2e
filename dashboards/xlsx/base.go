package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/xuri/excelize/v2"
)

// imageDefaults are the content types excelize declares when a sheet gets a drawing (a chart).
// It adds the missing ones in map order, which differs from run to run; declaring them all in
// the base workbook, in a fixed order, leaves it nothing to add, so the bytes are the same.
var imageDefaults = []struct{ ext, typ string }{
	{"bmp", "image/bmp"}, {"emf", "image/x-emf"}, {"emz", "image/x-emz"}, {"gif", "image/gif"},
	{"ico", "image/x-ico"}, {"jpeg", "image/jpeg"}, {"png", "image/png"}, {"svg", "image/svg"},
	{"tiff", "image/tiff"}, {"wmf", "image/x-wmf"}, {"wmz", "image/x-wmz"},
}

var base struct {
	once sync.Once
	b    []byte
	err  error
}

// newFile is a new workbook (one sheet, Sheet1) whose content types already declare the image
// extensions in a fixed order.
func newFile() (*excelize.File, error) {
	base.once.Do(func() { base.b, base.err = baseWorkbook() })
	if base.err != nil {
		return nil, fmt.Errorf("base workbook: %w", base.err)
	}
	return excelize.OpenReader(bytes.NewReader(base.b))
}

// baseWorkbook writes excelize's new workbook with imageDefaults added to its content types.
func baseWorkbook() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	src, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(bytes.NewReader(src.Bytes()), int64(src.Len()))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		r, err := zf.Open()
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			return nil, err
		}
		if zf.Name == "[Content_Types].xml" {
			var d strings.Builder
			for _, im := range imageDefaults {
				if !strings.Contains(string(data), `Extension="`+im.ext+`"`) {
					fmt.Fprintf(&d, `<Default Extension="%s" ContentType="%s"></Default>`, im.ext, im.typ)
				}
			}
			at := bytes.Index(data, []byte("<Override"))
			if at < 0 {
				return nil, fmt.Errorf("[Content_Types].xml has no Override")
			}
			data = append(append(append([]byte{}, data[:at]...), d.String()...), data[at:]...)
		}
		w, err := zw.Create(zf.Name)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// newBook is an empty workbook with the pack's styles, for texts in lang and times in zone.
func newBook(lang string, zone *time.Location, title string) (*book, error) {
	f, err := newFile()
	if err != nil {
		return nil, err
	}
	st, err := newStyles(f)
	if err != nil {
		f.Close()
		return nil, err
	}
	return &book{f: f, st: st, lang: lang, zone: zone, title: title}, nil
}
