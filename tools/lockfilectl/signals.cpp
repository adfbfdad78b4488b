// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// The signals lockfilectl forwards to its command or ends a wait on.
#include "signals.hpp"

namespace lockfilectl {

const std::vector<int>& terminating_signals()
{
    static const std::vector<int> all = [] {
        // The faults (SEGV, BUS, FPE, ILL, TRAP) only when sent by kill():
        // a real fault in lockfilectl still ends it.
        std::vector<int> signals = {SIGHUP,  SIGINT,  SIGQUIT, SIGILL,    SIGTRAP, SIGABRT,
                                    SIGBUS,  SIGFPE,  SIGUSR1, SIGSEGV,   SIGUSR2, SIGPIPE,
                                    SIGALRM, SIGTERM, SIGXCPU, SIGXFSZ,   SIGVTALRM,
                                    SIGPROF, SIGSYS};
#if defined(SIGSTKFLT)
        signals.push_back(SIGSTKFLT);
#endif
#if defined(SIGPOLL)
        signals.push_back(SIGPOLL);
#endif
#if defined(SIGPWR)
        signals.push_back(SIGPWR);
#endif
#if defined(SIGRTMIN)
        for (int n = SIGRTMIN; n <= SIGRTMAX; ++n)
            signals.push_back(n);
#endif
        return signals;
    }();
    return all;
}

sigset_t terminating_signal_set(bool with_child_end)
{
    sigset_t set;
    ::sigemptyset(&set);
    for (const int n : terminating_signals())
        ::sigaddset(&set, n);
    if (with_child_end)
        ::sigaddset(&set, SIGCHLD);
    return set;
}

} // namespace lockfilectl
