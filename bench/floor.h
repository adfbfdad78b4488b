// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#ifndef LOCKFILE_BENCH_FLOOR_H_INCLUDED
#define LOCKFILE_BENCH_FLOOR_H_INCLUDED

/* The floor of a lock cycle: the raw system calls that any lock file
   library must make, in plain C. */

#ifdef __cplusplus
extern "C" {
#endif

/* open(O_RDWR|O_CLOEXEC), flock(LOCK_EX|LOCK_NB), fcntl(F_SETLK) on the
   whole file, pwrite of the content at 0, ftruncate to its length, close;
   with no content (NULL: the floor of simple_lock_file), no pwrite and no
   ftruncate. Returns 0, or -1 with errno set. */
int floor_cycle(const char* path, const char* content, unsigned long length);

/* The floor of try_lock + unlock on an open file_lock: flock(LOCK_EX|LOCK_NB)
   and fcntl(F_SETLK) on the open descriptor `fd`, then both unlocked; with a
   `checked_path` (else NULL), lstat of it once locked: the check that the
   path still names the locked file, which the library makes. Returns 0, or
   -1 with errno set. */
int floor_lock_pair(int fd, const char* checked_path);

#ifdef __cplusplus
}
#endif

#endif
