/*
 * Stand-in for Windows' bcryptprimitives.dll, for running Rust Windows binaries under Wine in
 * tests ONLY. It is never shipped: the installer does not contain it and real Windows (8 and
 * later) has the real DLL.
 *
 * Why: Rust's std (>= 1.78) gets random bytes (HashMap seeds and the like) from
 * bcryptprimitives.dll!ProcessPrng. Debian 12's Wine 8.0 has no such DLL, so every Rust exe
 * dies at load time with status c0000135 (STATUS_DLL_NOT_FOUND). This DLL exports the one
 * function std needs and fills the buffer from RtlGenRandom (advapi32!SystemFunction036),
 * which Wine does provide.
 *
 * Built and copied into a Wine prefix's system32 by wine_prefix in scripts/windows/lib.sh:
 *   x86_64-w64-mingw32-gcc -O2 -shared -o bcryptprimitives.dll bcryptprimitives.c \
 *     bcryptprimitives.def -ladvapi32
 */
#include <windows.h>
#include <ntsecapi.h>

/* ProcessPrng never fails on Windows and always returns TRUE; we return FALSE only if
 * RtlGenRandom fails, which std treats as fatal (it would be a broken test set-up). */
BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        /* RtlGenRandom takes a ULONG length: feed it in chunks that fit. */
        ULONG chunk = len > 0x40000000u ? 0x40000000u : (ULONG)len;
        if (!RtlGenRandom(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    (void)instance;
    (void)reason;
    (void)reserved;
    return TRUE;
}
