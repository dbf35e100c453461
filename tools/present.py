"""Classroom mode: serve the notebooks as code-free apps with Voilà.

    make present                  # http://127.0.0.1:8866/ on this computer only
    PRESENT_LAN=1 make present    # also reachable from other machines on the network

Voilà runs each notebook in its own kernel and shows only the outputs:
text, pictures, sliders and live plots, no code. By default it listens on
127.0.0.1, so only this computer can open it. ``PRESENT_LAN=1`` (or
``--lan``) listens on every interface so students on the same network can
follow along. Risk: anyone who can reach the port can open the notebooks and
start kernels on this machine (Voilà only runs the notebooks' own code, but
every visitor costs a kernel's memory and CPU); use it on a trusted
classroom network only, and stop it (Ctrl-C) after the lesson.
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def voila_command(port: int, lan: bool, voila: str = "voila") -> list[str]:
    """The Voilà command line for the notebooks folder."""
    return [
        voila,
        str(ROOT / "notebooks"),
        "--no-browser",
        f"--port={port}",
        f"--Voila.ip={'0.0.0.0' if lan else '127.0.0.1'}",
        "--Voila.port_retries=0",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description="Serve the course notebooks as apps (Voilà).")
    parser.add_argument("--port", type=int, default=8866)
    parser.add_argument(
        "--lan",
        action="store_true",
        default=os.environ.get("PRESENT_LAN") == "1",
        help="listen on all interfaces (classroom network); see the risk above",
    )
    args = parser.parse_args()
    voila = shutil.which("voila", path=str(Path(sys.executable).parent)) or "voila"
    host = socket.gethostname() if args.lan else "127.0.0.1"
    print(f"Classroom mode: open http://{host}:{args.port}/ (the index is 00_index.ipynb)", flush=True)
    if args.lan:
        print(
            "Listening on ALL interfaces: anyone on this network can open the notebooks "
            "and start kernels here. Stop with Ctrl-C after the lesson.",
            flush=True,
        )
    else:
        print(
            "Only this computer can connect. For a classroom network: PRESENT_LAN=1 make present", flush=True
        )
    return subprocess.call(voila_command(args.port, args.lan, voila))


if __name__ == "__main__":
    sys.exit(main())
