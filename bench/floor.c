// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
#include "floor.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

static int lock_both(int fd)
{
    struct flock whole = {0};
    whole.l_type = F_WRLCK;
    whole.l_whence = SEEK_SET;
    if (flock(fd, LOCK_EX | LOCK_NB) != 0 || fcntl(fd, F_SETLK, &whole) != 0)
        return -1;
    return 0;
}

int floor_cycle(const char* path, const char* content, unsigned long length)
{
    const int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int result = lock_both(fd);
    if (result == 0 && content && (pwrite(fd, content, length, 0) != (ssize_t)length ||
                                   ftruncate(fd, (off_t)length) != 0))
        result = -1;
    close(fd);
    return result;
}

int floor_lock_pair(int fd, const char* checked_path)
{
    struct flock whole = {0};
    struct stat named;
    whole.l_type = F_UNLCK;
    whole.l_whence = SEEK_SET;
    if (lock_both(fd) != 0 || (checked_path && lstat(checked_path, &named) != 0) ||
        fcntl(fd, F_SETLK, &whole) != 0 || flock(fd, LOCK_UN) != 0)
        return -1;
    return 0;
}
