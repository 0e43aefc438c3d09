// Drives corolint-clangd over stdio as an editor does, through
// vscode-jsonrpc (VS Code's JSON-RPC layer): initialize, open a file, wait
// for its diagnostics, ask for the quick fixes of the discarded task,
// apply the edit as didChange, and wait for the diagnostics again. Prints
// what it saw, one line a fact, for FileCheck.
//
//   node lsp-session.js CLANGD FILE.cpp
'use strict';
const path = require('path');
const fs = require('fs');
const cp = require('child_process');
const rpc = require(process.env.VSCODE_JSONRPC || 'vscode-jsonrpc/node');

const [clangd, file] = process.argv.slice(2);
const uri = 'file://' + path.resolve(file);
const text = fs.readFileSync(file, 'utf8');

const server = cp.spawn(clangd, ['--log=error'], { stdio: ['pipe', 'pipe', 'inherit'] });
const conn = rpc.createMessageConnection(
  new rpc.StreamMessageReader(server.stdout),
  new rpc.StreamMessageWriter(server.stdin));

const published = new Map(); // version -> diagnostics
const waiting = new Map();   // version -> resolve
conn.onNotification('textDocument/publishDiagnostics', (p) => {
  if (p.uri !== uri) return;
  published.set(p.version, p.diagnostics);
  const resolve = waiting.get(p.version);
  if (resolve) resolve(p.diagnostics);
});
function diagnosticsOf(version) {
  if (published.has(version)) return Promise.resolve(published.get(version));
  return new Promise((resolve) => waiting.set(version, resolve));
}
const pos = (p) => `${p.line + 1}:${p.character + 1}`;
function show(version, diags) {
  console.log(`VERSION ${version}: ${diags.length} diagnostics`);
  for (const d of diags) {
    console.log(`DIAG ${pos(d.range.start)} [${d.code}] ${d.source}: ${d.message}`);
    for (const r of d.relatedInformation || [])
      console.log(`  RELATED ${path.basename(r.location.uri)}:${pos(r.location.range.start)} ${r.message}`);
  }
}

async function main() {
  conn.listen();
  const timer = setTimeout(() => { console.log('TIMEOUT'); process.exit(1); }, 120000);
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: 'file://' + path.dirname(path.resolve(file)),
    capabilities: {
      textDocument: {
        publishDiagnostics: { relatedInformation: true, versionSupport: true },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
      },
    },
  });
  conn.sendNotification('initialized', {});
  conn.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'cpp', version: 1, text },
  });
  const first = await diagnosticsOf(1);
  show(1, first);

  const discarded = first.find((d) => d.code === 'corolint-unawaited-task');
  const actions = await conn.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: discarded.range,
    context: { diagnostics: [discarded], only: ['quickfix'] },
  });
  let fixed = text;
  for (const a of actions) {
    console.log(`ACTION ${a.kind}: ${a.title}`);
    const edits = (a.edit && a.edit.changes && a.edit.changes[uri]) || [];
    for (const e of edits) {
      console.log(`  EDIT ${pos(e.range.start)}-${pos(e.range.end)} ${JSON.stringify(e.newText)}`);
      if (a.title.includes('co_await')) {
        const lines = fixed.split('\n');
        const l = lines[e.range.start.line];
        lines[e.range.start.line] =
          l.slice(0, e.range.start.character) + e.newText + l.slice(e.range.end.character);
        fixed = lines.join('\n');
      }
    }
  }

  conn.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [{ text: fixed }],
  });
  show(2, await diagnosticsOf(2));

  await conn.sendRequest('shutdown');
  conn.sendNotification('exit');
  clearTimeout(timer);
  server.on('exit', (code) => { console.log(`EXIT ${code}`); process.exit(0); });
}
main().catch((e) => { console.log('ERROR ' + e); process.exit(1); });
