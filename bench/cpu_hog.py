"""Keeps every core busy until stopped (Ctrl-C or SIGTERM): the "busy machine" that
`make test-order` runs the suite beside, as CI machines and laptops often are."""

import multiprocessing
import os
import signal
import sys


def spin() -> None:
    while True:
        pass


def main() -> None:
    # SIGTERM ends this process normally, and with it the daemon workers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    for _ in range((os.cpu_count() or 1) - 1):
        multiprocessing.Process(target=spin, daemon=True).start()
    try:
        spin()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
