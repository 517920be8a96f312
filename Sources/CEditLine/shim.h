#ifndef CEDITLINE_SHIM_H
#define CEDITLINE_SHIM_H
// libedit's readline-compatible interface: line editing and history for `sluice sql` on a terminal.
#include <stdio.h>
#include <editline/readline.h>

/// Leaves signals to the program: libedit installs no handlers of its own while it reads.
static inline void sluice_editline_leave_signals(void) {
    rl_catch_signals = 0;
}
#endif
