"""A pseudo-terminal standing in for a USB or serial receipt printer.

Bytes written to the terminal's device path go to a (virtual) printer over TCP, and the
printer's answers come back on it. Usage: pty-printer.py HOST PORT [--cooked]
Prints the device path on stdout once ready. --cooked leaves the terminal as a new one is
(echo, newline translation), so a test can see that the caller set it to raw itself.
Exits when the printer closes the connection: to the caller the device is then gone.
"""
import os
import select
import socket
import sys
import tty

host, port = sys.argv[1], int(sys.argv[2])
master, slave = os.openpty()
if "--cooked" not in sys.argv:
    tty.setraw(slave)
# Holding the slave open keeps the terminal alive between the caller's opens.
printer = socket.create_connection((host, port))
print(os.ttyname(slave), flush=True)
while True:
    ready, _, _ = select.select([master, printer], [], [])
    if master in ready:
        data = os.read(master, 65536)
        if data:
            printer.sendall(data)
    if printer in ready:
        data = printer.recv(65536)
        if not data:
            break
        os.write(master, data)
os.close(master)
