// One editor session against a clangd binary: opens FILE, waits for its
// diagnostics, then makes EDITS edits (a comment changed at the end of the
// file, the preamble untouched) and waits for each edit's diagnostics.
// Prints one JSON line: {"open_ms": ..., "edit_ms": [...], "corolint": N}.
//
//   node clangd-latency.js CLANGD FILE EDITS
'use strict';
const path = require('path');
const fs = require('fs');
const cp = require('child_process');
const rpc = require(process.env.VSCODE_JSONRPC || 'vscode-jsonrpc/node');

const [clangd, file, editsArg] = process.argv.slice(2);
const edits = Number(editsArg || 5);
const uri = 'file://' + path.resolve(file);
const text = fs.readFileSync(file, 'utf8');
const server = cp.spawn(clangd, ['--log=error', '--background-index=false'],
                        { stdio: ['pipe', 'pipe', 'inherit'] });
const conn = rpc.createMessageConnection(
  new rpc.StreamMessageReader(server.stdout), new rpc.StreamMessageWriter(server.stdin));
const waiting = new Map();
conn.onNotification('textDocument/publishDiagnostics', (p) => {
  if (p.uri !== uri) return;
  const w = waiting.get(p.version);
  if (w) { waiting.delete(p.version); w(p.diagnostics); }
});
const published = (version) => new Promise((resolve) => waiting.set(version, resolve));
const now = () => Number(process.hrtime.bigint()) / 1e6;

async function main() {
  conn.listen();
  await conn.sendRequest('initialize', {
    processId: process.pid, rootUri: 'file://' + path.dirname(path.resolve(file)),
    capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } },
  });
  conn.sendNotification('initialized', {});
  let t = now();
  let done = published(1);
  conn.sendNotification('textDocument/didOpen',
                        { textDocument: { uri, languageId: 'cpp', version: 1, text } });
  let diags = await done;
  const open = now() - t;
  const editMs = [];
  for (let v = 2; v < 2 + edits; ++v) {
    done = published(v);
    t = now();
    conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: v },
      contentChanges: [{ text: text + `\n// edit ${v}\n` }],
    });
    diags = await done;
    editMs.push(now() - t);
  }
  const corolint = diags.filter((d) => String(d.code).startsWith('corolint-')).length;
  console.log(JSON.stringify({ open_ms: open, edit_ms: editMs, corolint }));
  await conn.sendRequest('shutdown');
  conn.sendNotification('exit');
  server.on('exit', () => process.exit(0));
}
main().catch((e) => { console.error(e); process.exit(1); });
