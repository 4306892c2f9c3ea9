/**
 * Minimal streaming zip writer for xlsx packages, the counterpart of zip-reader.ts: each entry's text is deflated
 * chunk by chunk straight into the file (sizes and CRC in a data descriptor after the data, as exceljs' own zip
 * library writes them), so a workbook part of any size never sits in memory whole.
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import zlib from 'node:zlib';

/** CRC-32 of a chunk continued from `crc` (zlib's own where Node has it, ≥ 20.15). */
const crc32: (data: Buffer, crc: number) => number =
  (zlib as { crc32?: (data: Buffer, value?: number) => number }).crc32 ?? crc32Fallback;

let table: Int32Array | undefined;
function crc32Fallback(data: Buffer, crc: number): number {
  if (!table) {
    table = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c;
    }
  }
  let c = crc ^ -1;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

interface Written {
  name: Buffer;
  /** General-purpose flags and compression method, repeated in the central directory. */
  flags: number;
  method: number;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

function dosDateTime(d: Date): { time: number; date: number } {
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
    date: ((d.getFullYear() - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

/** An xlsx being written: `add` entries one after another, then `close`. Sizes over 4 GB are refused (no zip64). */
export class ZipFileWriter {
  private readonly out: WriteStream;
  private readonly entries: Written[] = [];
  private offset = 0;
  private readonly stamp: { time: number; date: number };

  constructor(path: string, modified: Date) {
    this.out = createWriteStream(path, { flags: 'wx' });
    this.stamp = dosDateTime(modified);
  }

  private async write(buf: Buffer): Promise<void> {
    this.offset += buf.length;
    if (!this.out.write(buf)) await once(this.out, 'drain');
  }

  /** Flags, method, time, CRC, sizes and name length: the same run in local headers (at 6) and the directory (at 8). */
  private entryFields(buf: Buffer, at: number, e: Written): void {
    buf.writeUInt16LE(e.flags, at);
    buf.writeUInt16LE(e.method, at + 2);
    buf.writeUInt16LE(this.stamp.time, at + 4);
    buf.writeUInt16LE(this.stamp.date, at + 6);
    buf.writeUInt32LE(e.crc >>> 0, at + 8);
    buf.writeUInt32LE(e.compressed, at + 12);
    buf.writeUInt32LE(e.size, at + 16);
    buf.writeUInt16LE(e.name.length, at + 20);
  }

  private async writeLocalHeader(e: Written): Promise<void> {
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4); // version needed
    this.entryFields(head, 6, e);
    await this.write(Buffer.concat([head, e.name]));
  }

  /** Adds one deflated entry from text chunks (or one string). */
  async add(name: string, content: string | Iterable<string> | AsyncIterable<string>): Promise<void> {
    const entry: Written = {
      name: Buffer.from(name, 'utf8'),
      flags: 0x0808,
      method: 8,
      crc: 0,
      compressed: 0,
      size: 0,
      offset: this.offset,
    };
    await this.writeLocalHeader(entry); // flag 0x08: sizes and CRC follow the data; 0x800: names are UTF-8

    const deflate = zlib.createDeflateRaw({ chunkSize: 256 * 1024 });
    const pump = (async () => {
      for await (const chunk of deflate as AsyncIterable<Buffer>) {
        entry.compressed += chunk.length;
        await this.write(chunk);
      }
    })();
    const feed = async (text: string): Promise<void> => {
      if (!text) return;
      const buf = Buffer.from(text, 'utf8');
      entry.crc = crc32(buf, entry.crc);
      entry.size += buf.length;
      if (!deflate.write(buf)) await once(deflate, 'drain');
    };
    try {
      if (typeof content === 'string') await feed(content);
      else for await (const text of content) await feed(text);
      deflate.end();
      await pump;
    } catch (err) {
      deflate.destroy();
      await pump.catch(() => undefined);
      throw err;
    }
    if (entry.size >= 0xffffffff || this.offset >= 0xffffffff) throw new Error(`${name}: zip64 is not supported`);
    const desc = Buffer.alloc(16);
    desc.writeUInt32LE(0x08074b50, 0);
    desc.writeUInt32LE(entry.crc >>> 0, 4);
    desc.writeUInt32LE(entry.compressed, 8);
    desc.writeUInt32LE(entry.size, 12);
    await this.write(desc);
    this.entries.push(entry);
  }

  /**
   * Copies an entry of another zip as it is stored (compressed bytes, CRC and sizes from that zip's directory), so an
   * unchanged part is neither inflated nor deflated and stays byte-for-byte what it was.
   */
  async copyRaw(
    from: { name: string; method: number; crc: number; compressedSize: number; size: number },
    data: AsyncIterable<Buffer | string>,
  ): Promise<void> {
    const entry: Written = {
      name: Buffer.from(from.name, 'utf8'),
      flags: 0x0800,
      method: from.method,
      crc: from.crc,
      compressed: from.compressedSize,
      size: from.size,
      offset: this.offset,
    };
    await this.writeLocalHeader(entry); // sizes known up front: no data descriptor
    let copied = 0;
    for await (const chunk of data) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
      copied += buf.length;
      await this.write(buf);
    }
    if (copied !== entry.compressed) {
      throw new Error(`${from.name}: copied ${copied} bytes, the directory says ${entry.compressed}`);
    }
    if (this.offset >= 0xffffffff) throw new Error(`${from.name}: zip64 is not supported`);
    this.entries.push(entry);
  }

  /** Writes the central directory and closes the file. */
  async close(): Promise<void> {
    const start = this.offset;
    for (const e of this.entries) {
      const cen = Buffer.alloc(46);
      cen.writeUInt32LE(0x02014b50, 0);
      cen.writeUInt16LE(20, 4); // made by
      cen.writeUInt16LE(20, 6); // needed
      this.entryFields(cen, 8, e);
      cen.writeUInt32LE(e.offset, 42);
      await this.write(Buffer.concat([cen, e.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    await this.write(end);
    this.out.end();
    await once(this.out, 'close');
  }

  /** Gives up: closes the file (the caller removes it). */
  async abort(): Promise<void> {
    this.out.destroy();
    await once(this.out, 'close').catch(() => undefined);
  }
}
