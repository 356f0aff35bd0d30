/* kb-fuzz.h — what every fuzz target defines, for libFuzzer and for the replay of saved inputs. */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

G_BEGIN_DECLS

/* Called once before the first input (libFuzzer calls it by this name). */
int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
/* Called for each input; never keeps @data. */
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

G_END_DECLS
