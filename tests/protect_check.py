#!/usr/bin/env python3
"""Independent implementation of the encrypted .ppkg format (ppkg-format.md section 4).

    protect_check.py decrypt PACKAGE PASSWORD OUT_WIM
    protect_check.py encrypt WIM PASSWORD IV_HEX OUT_PACKAGE

Layout: IV(16) || AES-128-CBC(key, IV, WIM || zeros to a multiple of 160) || HMAC-SHA256(key, ct),
key = password bytes zero-padded to 16. Uses every backend available (the openssl CLI and
Python's `cryptography` package) and requires them to agree. Exit codes: 0 ok, 1 mismatch or
bad input, 77 no backend available (the caller decides whether that is a skip or a failure).
"""

import hashlib
import hmac
import os
import shutil
import subprocess
import sys
import tempfile

MAGIC = b"MSWIM\0\0\0"
CHUNK = 160


def key_of(password):
    raw = password.encode("ascii")
    if not 1 <= len(raw) <= 16:
        sys.exit("password must be 1 to 16 ASCII characters")
    return raw.ljust(16, b"\0")


def openssl_cbc(op, key, iv, data):
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "in")
        with open(src, "wb") as f:
            f.write(data)
        flag = "-e" if op == "enc" else "-d"
        out = subprocess.run(
            ["openssl", "enc", "-aes-128-cbc", flag, "-nopad", "-K", key.hex(),
             "-iv", iv.hex(), "-in", src],
            check=True, capture_output=True).stdout
    return out


def openssl_hmac(key, data):
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "in")
        with open(src, "wb") as f:
            f.write(data)
        out = subprocess.run(
            ["openssl", "dgst", "-sha256", "-mac", "HMAC", "-macopt", "hexkey:" + key.hex(),
             "-r", src], check=True, capture_output=True, text=True).stdout
    return bytes.fromhex(out.split()[0])


def pyca_cbc(op, key, iv, data):
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    c = Cipher(algorithms.AES(key), modes.CBC(iv))
    t = c.encryptor() if op == "enc" else c.decryptor()
    return t.update(data) + t.finalize()


def backends():
    found = []
    if shutil.which("openssl"):
        found.append(("openssl", openssl_cbc, openssl_hmac))
    try:
        import cryptography  # noqa: F401
        # HMAC from the standard library (hashlib), AES from `cryptography`.
        found.append(("cryptography", pyca_cbc,
                      lambda k, d: hmac.new(k, d, hashlib.sha256).digest()))
    except ImportError:
        pass
    return found


def agree(results):
    first = results[0][1]
    for name, value in results[1:]:
        if value != first:
            sys.exit(f"backends disagree: {results[0][0]} vs {name}")
    return first


def decrypt(bks, pkg, password):
    key = key_of(password)
    if len(pkg) < 48 + CHUNK or (len(pkg) - 48) % CHUNK:
        sys.exit(f"size {len(pkg)} is not 48 + 160k")
    iv, ct, tag = pkg[:16], pkg[16:-32], pkg[-32:]
    for name, _, mac in bks:
        if not hmac.compare_digest(mac(key, ct), tag):
            sys.exit(f"{name}: HMAC mismatch")
    wim = agree([(n, cbc("dec", key, iv, ct)) for n, cbc, _ in bks])
    if not wim.startswith(MAGIC):
        sys.exit("decrypted data does not start with the WIM magic")
    return wim


def encrypt(bks, wim, password, iv):
    key = key_of(password)
    padded = wim + b"\0" * (-len(wim) % CHUNK)
    ct = agree([(n, cbc("enc", key, iv, padded)) for n, cbc, _ in bks])
    tag = agree([(n, mac(key, ct)) for n, _, mac in bks])
    return iv + ct + tag


def main(argv):
    bks = backends()
    if not bks:
        print("no backend: neither the openssl CLI nor Python's cryptography", file=sys.stderr)
        return 77
    if len(argv) == 5 and argv[1] == "decrypt":
        with open(argv[2], "rb") as f:
            out = decrypt(bks, f.read(), argv[3])
        dest = argv[4]
    elif len(argv) == 6 and argv[1] == "encrypt":
        with open(argv[2], "rb") as f:
            out = encrypt(bks, f.read(), argv[3], bytes.fromhex(argv[4]))
        dest = argv[5]
    else:
        print(__doc__, file=sys.stderr)
        return 1
    with open(dest, "wb") as f:
        f.write(out)
    print("backends: " + ", ".join(n for n, _, _ in bks))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
