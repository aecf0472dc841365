#!/usr/bin/env python3
"""Usage: codegen/ide-cost-lsp.py RUST_ANALYZER CRATE_DIR [--edits N] [--timeout SECS]

Drives rust-analyzer over the language server protocol (stdio) on the user crate that
codegen/ide-cost.sh writes, as an editor would, and prints one JSON object:

  first_completion_s  seconds from the server's start to the first completion after
                      `client.dedicated().server().` that lists the node's methods
                      (requested again every 0.25 s until it does);
  first_edit_ms       the same completion's latency after a first small edit of the file
                      (an edit, then the request, as when typing);
  steady_ms           the same after each of N more such edits;
  await_fields        whether completion after `server.`, `server` being the model answered
                      by `...get().await?`, lists the model's fields (and which);
  quiescent_s         seconds until the server said it was done loading and indexing;
  vm_hwm_mb           the server's peak resident memory (VmHWM), read before shutdown.

CRATE_DIR/src/main.rs must hold the lines `let server = ...await?;` (the completion sites
are added after it in the editor's copy, never on disk). Standard library only.
"""

import json
import os
import queue
import statistics
import subprocess
import sys
import threading
import time

# What a useful completion holds: methods of the `/dedicated/server` node, then fields of the
# `dedicated.server.DedicatedWithIam` model.
NODE_METHODS = {"get", "service_name", "availabilities", "os_availabilities"}
MODEL_FIELDS = {"datacenter", "state", "rack", "os"}


class Server:
    """A rust-analyzer process spoken to over stdio; replies are matched to requests by id."""

    def __init__(self, command, cwd):
        self.proc = subprocess.Popen(
            command,
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.next_id = 0
        self.replies = {}
        self.cond = threading.Condition()
        self.events = queue.Queue()
        self.write_lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _send(self, message):
        body = json.dumps(message).encode()
        with self.write_lock:
            self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.proc.stdin.flush()

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    with self.cond:
                        self.replies[None] = "eof"
                        self.cond.notify_all()
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            message = json.loads(out.read(length))
            if "id" in message and "method" in message:
                self._answer(message)
            elif "id" in message:
                with self.cond:
                    self.replies[message["id"]] = message
                    self.cond.notify_all()
            else:
                self.events.put((time.monotonic(), message))

    def _answer(self, request):
        """Answers the server's own requests as a plain editor would."""
        method = request["method"]
        if method == "workspace/configuration":
            result = [None for _ in request["params"]["items"]]
        else:
            # window/workDoneProgress/create, client/registerCapability, ...
            result = None
        self._send({"jsonrpc": "2.0", "id": request["id"], "result": result})

    def request(self, method, params, timeout=120):
        self.next_id += 1
        rid = self.next_id
        self._send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        with self.cond:
            while rid not in self.replies:
                if None in self.replies:
                    raise RuntimeError("rust-analyzer exited")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(method)
                self.cond.wait(left)
            return self.replies.pop(rid)

    def notify(self, method, params):
        self._send({"jsonrpc": "2.0", "method": method, "params": params})


def labels(reply):
    """The names a completion reply offers (`get()`, `service_name(…)` → get, service_name)."""
    result = reply.get("result")
    if not result:
        return set()
    items = result["items"] if isinstance(result, dict) else result
    return {item["label"].split("(")[0].strip() for item in items}


def main():
    args = sys.argv[1:]
    if len(args) < 2 or args[0] in ("-h", "--help"):
        print(__doc__.strip())
        sys.exit(0 if args and args[0] in ("-h", "--help") else 2)
    rust_analyzer, crate = args[0], os.path.abspath(args[1])
    edits, timeout = 10, 600.0
    rest = args[2:]
    while rest:
        if rest[0] == "--edits":
            edits = int(rest[1])
        elif rest[0] == "--timeout":
            timeout = float(rest[1])
        else:
            sys.exit("unknown argument " + rest[0])
        rest = rest[2:]

    path = os.path.join(crate, "src", "main.rs")
    with open(path) as f:
        disk = f.read().splitlines()
    anchor = next(i for i, line in enumerate(disk) if "let server =" in line)
    # The editor's copy: two unfinished lines after the model's `let`, cursor after each dot.
    probe_node = "    client.dedicated().server().;"
    probe_model = "    server.;"
    lines = disk[: anchor + 1] + [probe_node, probe_model] + disk[anchor + 1 :]
    node_pos = {"line": anchor + 1, "character": len(probe_node) - 1}
    model_pos = {"line": anchor + 2, "character": len(probe_model) - 1}
    edit_line = next(i for i, line in enumerate(lines) if line.startswith("const EDIT"))
    uri = "file://" + path

    start = time.monotonic()
    server = Server([rust_analyzer], crate)
    server.request(
        "initialize",
        {
            "processId": os.getpid(),
            "rootUri": "file://" + crate,
            "workspaceFolders": [{"uri": "file://" + crate, "name": "user"}],
            "capabilities": {
                "textDocument": {
                    "completion": {
                        "completionItem": {"snippetSupport": True},
                        "contextSupport": True,
                    },
                    "synchronization": {"didSave": True},
                },
                "window": {"workDoneProgress": True},
                "workspace": {"configuration": True, "workspaceFolders": True},
                "experimental": {"serverStatusNotification": True},
            },
            "initializationOptions": {},
        },
    )
    server.notify("initialized", {})
    version = 1
    server.notify(
        "textDocument/didOpen",
        {
            "textDocument": {
                "uri": uri,
                "languageId": "rust",
                "version": version,
                "text": "\n".join(lines) + "\n",
            }
        },
    )

    def complete(position):
        return server.request(
            "textDocument/completion",
            {
                "textDocument": {"uri": uri},
                "position": position,
                "context": {"triggerKind": 2, "triggerCharacter": "."},
            },
        )

    # First useful completion.
    first = None
    while time.monotonic() - start < timeout:
        if NODE_METHODS <= labels(complete(node_pos)):
            first = time.monotonic() - start
            break
        time.sleep(0.25)
    if first is None:
        sys.exit("no useful completion within %.0f s" % timeout)

    # Fields of the model after `.await?`: the first answer that is not an error (a request
    # the server cancelled, as it does when build scripts' output arrives, answers one).
    for _ in range(20):
        reply = complete(model_pos)
        if "error" not in reply:
            break
        time.sleep(0.25)
    fields = MODEL_FIELDS & labels(reply)

    # Steady latency: a small edit (the value of `EDIT`), then the completion; the first
    # edit's is reported apart (the server catches up on work left from loading then).
    steady = []
    for n in range(edits + 1):
        version += 1
        lines[edit_line] = "const EDIT: u32 = %d;" % (n + 1)
        server.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": "\n".join(lines) + "\n"}],
            },
        )
        began = time.monotonic()
        reply = complete(node_pos)
        elapsed = time.monotonic() - began
        if not NODE_METHODS <= labels(reply):
            sys.exit("completion after edit %d lost the node's methods" % (n + 1))
        steady.append(elapsed * 1000)
        time.sleep(0.3)
    first_edit, steady = steady[0], steady[1:]

    # The end of loading and indexing, as the server reported it.
    quiescent = None
    while True:
        try:
            at, event = server.events.get_nowait()
        except queue.Empty:
            break
        if event.get("method") == "experimental/serverStatus":
            params = event["params"]
            if params.get("quiescent") and quiescent is None:
                quiescent = at - start

    with open("/proc/%d/status" % server.proc.pid) as f:
        status = dict(line.split(":", 1) for line in f if ":" in line)
    hwm_kb = int(status["VmHWM"].split()[0])

    server.request("shutdown", None)
    server.notify("exit", None)
    try:
        server.proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.proc.kill()

    print(
        json.dumps(
            {
                "first_completion_s": round(first, 1),
                "first_edit_ms": round(first_edit),
                "steady_ms": [round(ms) for ms in steady],
                "steady_median_ms": round(statistics.median(steady)) if steady else None,
                "await_fields": sorted(fields),
                "await_fields_ok": fields == MODEL_FIELDS,
                "quiescent_s": None if quiescent is None else round(quiescent, 1),
                "vm_hwm_mb": round(hwm_kb / 1024),
            }
        )
    )


if __name__ == "__main__":
    main()
