#ifndef FAULTLINE_CLIBGIT2_SHIM_H
#define FAULTLINE_CLIBGIT2_SHIM_H

#include <git2.h>

/* Swift cannot call C variadic functions, so each git_libgit2_opts call Faultline needs is
   wrapped here once. */

/* Turn libgit2's repository-ownership check (git's safe.directory) on or off for the process. */
static inline int fl_set_owner_validation(int enabled) {
    return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, enabled);
}

/* Read the current state of the ownership check into *enabled. */
static inline int fl_get_owner_validation(int *enabled) {
    return git_libgit2_opts(GIT_OPT_GET_OWNER_VALIDATION, enabled);
}

/* Bound libgit2's object cache, in bytes, so long history walks keep a flat memory profile. */
static inline int fl_set_cache_max_size(size_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)bytes);
}

/* Bound the pack windows libgit2 maps: the size of each window and the total mapped at once,
   in bytes. Mapped pack pages count in the process's resident memory, and a walk over a long
   history touches most of a large pack. */
static inline int fl_set_mwindow_limits(size_t window, size_t mapped) {
    int error = git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, window);
    return error ? error : git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, mapped);
}

#endif
