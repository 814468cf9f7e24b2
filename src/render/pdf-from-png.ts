/**
 * A minimal PDF 1.4 writer for one picture: a single page exactly the size of the receipt,
 * showing the receipt PNG as an image XObject. The PNG's compressed data goes in as it is —
 * PDF's Flate filter with PNG predictors reads PNG scanlines directly — so nothing is
 * decoded or re-encoded. No PDF library.
 */

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export interface PngInfo {
  width: number;
  height: number;
  bitDepth: number;
  /** Concatenated IDAT data: a zlib stream of filtered scanlines. */
  data: Buffer;
}

/** Reads what the PDF needs from a grayscale, non-interlaced PNG (what renderPng writes). */
export function readGrayPng(png: Uint8Array): PngInfo {
  const bytes = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (bytes.length < 8 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) throw new Error('not a PNG image');
  let offset = 8;
  let header: { width: number; height: number; bitDepth: number; colorType: number; interlace: number } | undefined;
  const idat: Buffer[] = [];
  while (offset + 8 <= bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const body = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4), bitDepth: body[8] ?? 0, colorType: body[9] ?? -1, interlace: body[12] ?? -1 };
    } else if (type === 'IDAT') {
      idat.push(body);
    } else if (type === 'IEND') {
      break;
    }
    offset += 12 + length;
  }
  if (!header || idat.length === 0) throw new Error('the PNG has no image header or no image data');
  if (header.colorType !== 0 || header.interlace !== 0 || ![1, 2, 4, 8].includes(header.bitDepth)) {
    throw new Error(`only non-interlaced grayscale PNGs are embedded (colour type ${header.colorType}, interlace ${header.interlace})`);
  }
  return { width: header.width, height: header.height, bitDepth: header.bitDepth, data: Buffer.concat(idat) };
}

export interface PdfOptions {
  /** Dots per inch of the picture, so the page is the receipt's real size (203 or 180 for receipts). */
  dpi: number;
  /** Document title (ASCII is kept, anything else becomes "?"). */
  title?: string;
}

const pt = (n: number) => (Math.round(n * 100) / 100).toString();
const pdfText = (text: string) => `(${text.replace(/[^\x20-\x7e]/g, '?').replace(/[\\()]/g, (c) => `\\${c}`)})`;

/** A one-page PDF 1.4 of the PNG, the page exactly the picture's size at `dpi`. */
export function pdfFromPng(png: Uint8Array, options: PdfOptions): Buffer {
  const image = readGrayPng(png);
  const width = (image.width / options.dpi) * 72;
  const height = (image.height / options.dpi) * 72;
  const content = Buffer.from(`q ${pt(width)} 0 0 ${pt(height)} 0 0 cm /Im0 Do Q\n`, 'latin1');
  const objects: Buffer[] = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    Buffer.from(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${pt(width)} ${pt(height)}] /Resources << /XObject << /Im0 4 0 R >> /ProcSet [/PDF /ImageB] >> /Contents 5 0 R >>`),
    Buffer.concat([
      Buffer.from(
        `<< /Type /XObject /Subtype /Image /Width ${image.width} /Height ${image.height} /ColorSpace /DeviceGray /BitsPerComponent ${image.bitDepth} ` +
          `/Filter /FlateDecode /DecodeParms << /Predictor 15 /Colors 1 /BitsPerComponent ${image.bitDepth} /Columns ${image.width} >> /Length ${image.data.length} >>\nstream\n`,
      ),
      image.data,
      Buffer.from('\nendstream'),
    ]),
    Buffer.concat([Buffer.from(`<< /Length ${content.length} >>\nstream\n`), content, Buffer.from('endstream')]),
    Buffer.from(`<< /Producer (Reissue)${options.title ? ` /Title ${pdfText(options.title)}` : ''} >>`),
  ];
  // The binary comment line tells transfer tools the file is binary.
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = parts[0]?.length ?? 0;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(length);
    const object = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from('\nendobj\n')]);
    parts.push(object);
    length += object.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n`, '0000000000 65535 f \n', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  const trailer = `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${length}\n%%EOF\n`;
  parts.push(Buffer.from(xref + trailer, 'latin1'));
  return Buffer.concat(parts);
}
