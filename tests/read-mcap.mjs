// Reads an MCAP file with @mcap/core, a reader Twinscope did not write, and
// prints what it found as one JSON document for the C tests to check.
//
//   node read-mcap.mjs indexed FILE   through the summary, seeking by chunk index
//   node read-mcap.mjs stream FILE    record by record, as far as the file goes
//
// Exits 1 with the reader's message when the file is not valid MCAP.

import { McapIndexedReader, McapStreamReader } from "@mcap/core";
import { open, readFile } from "node:fs/promises";

const [mode, path] = process.argv.slice(2);
const text = (bytes) => new TextDecoder().decode(bytes);

async function readIndexed(file) {
  const handle = await open(file, "r");
  const readable = {
    size: async () => BigInt((await handle.stat()).size),
    read: async (offset, size) => {
      const buffer = new Uint8Array(Number(size));
      await handle.read(buffer, 0, Number(size), Number(offset));
      return buffer;
    },
  };
  const reader = await McapIndexedReader.Initialize({ readable });
  const out = {
    header: reader.header,
    schemas: [...reader.schemasById.values()].map((s) => ({ id: s.id, name: s.name, encoding: s.encoding, data: text(s.data) })),
    channels: [...reader.channelsById.values()].map((c) => ({ id: c.id, topic: c.topic, schema: c.schemaId, encoding: c.messageEncoding })),
    statistics: {
      messages: Number(reader.statistics.messageCount),
      chunks: reader.statistics.chunkCount,
      channels: reader.statistics.channelCount,
      metadata: reader.statistics.metadataCount,
    },
    chunks: reader.chunkIndexes.length,
    metadata: [],
    messages: [],
  };
  for await (const m of reader.readMetadata()) out.metadata.push({ name: m.name, metadata: Object.fromEntries(m.metadata) });
  for await (const m of reader.readMessages())
    out.messages.push({ topic: reader.channelsById.get(m.channelId).topic, sequence: m.sequence, log_time: Number(m.logTime), data: text(m.data) });
  // A seek: only the messages from the middle on, found through the indexes.
  if (out.messages.length > 0) {
    const middle = BigInt(out.messages[Math.floor(out.messages.length / 2)].log_time);
    out.from_middle = 0;
    for await (const m of reader.readMessages({ startTime: middle })) out.from_middle += m ? 1 : 0;
  }
  await handle.close();
  return out;
}

async function readStream(file) {
  const reader = new McapStreamReader({ validateCrcs: true });
  const channels = new Map();
  const out = { schemas: [], channels: [], metadata: [], messages: [], footer: false };
  reader.append(await readFile(file));
  for (let record; (record = reader.nextRecord()); ) {
    switch (record.type) {
      case "Schema": out.schemas.push({ id: record.id, name: record.name, encoding: record.encoding }); break;
      case "Channel": channels.set(record.id, record.topic); out.channels.push({ id: record.id, topic: record.topic }); break;
      case "Metadata": out.metadata.push({ name: record.name, metadata: Object.fromEntries(record.metadata) }); break;
      case "Message": out.messages.push({ topic: channels.get(record.channelId), sequence: record.sequence, log_time: Number(record.logTime), data: text(record.data) }); break;
      case "Footer": out.footer = true; break;
    }
  }
  out.done = reader.done();
  out.bytes_left = reader.bytesRemaining();
  return out;
}

try {
  const out = mode === "indexed" ? await readIndexed(path) : await readStream(path);
  process.stdout.write(JSON.stringify(out));
} catch (error) {
  process.stderr.write(`${path}: ${error.message}\n`);
  process.exit(1);
}
