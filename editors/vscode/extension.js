// The weft extension: starts `weft lsp` (the binary set in `weft.server.path`)
// for .weft files and maps the code lenses' `weft.showLocations` command to
// the editor's references view.
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("weft").get("server.path") || "weft";
  const server = { command, args: ["lsp"] };
  client = new LanguageClient(
    "weft",
    "weft language server",
    { run: server, debug: server },
    {
      documentSelector: [{ scheme: "file", language: "weft" }],
      synchronize: {
        fileEvents: vscode.workspace.createFileSystemWatcher("**/{*.weft,weft.toml}"),
      },
    },
  );
  context.subscriptions.push(
    vscode.commands.registerCommand("weft.showLocations", (uri, position, locations) => {
      const converter = client.protocol2CodeConverter;
      return vscode.commands.executeCommand(
        "editor.action.showReferences",
        converter.asUri(uri),
        converter.asPosition(position),
        locations.map((location) => converter.asLocation(location)),
      );
    }),
  );
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
