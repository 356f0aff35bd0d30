/* kb-server-limited-input.c — a connection's input that ends after a budget of bytes.
 *
 * libsoup 3.2 caps a WebSocket frame but not a message in fragments that
 * never ends, and reads a fast sender in one go without returning to the
 * main loop, so nothing outside the stream can stop it in time. Every
 * connection's input goes through this filter: unlimited until the server
 * sets a budget (the events socket, which is one-way, gets a small one),
 * then an error once the peer has sent more. Closing it closes the
 * connection under it, socket and all.
 */
#include "config.h"

#include "kb-server-limited-input.h"

struct _KbServerLimitedInput
{
  GFilterInputStream parent_instance;

  GIOStream *connection;
  guint64 budget;
};

static void kb_server_limited_input_pollable_init (GPollableInputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KbServerLimitedInput, kb_server_limited_input,
                               G_TYPE_FILTER_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM,
                                                      kb_server_limited_input_pollable_init))

/* Returns how much of @count may be read, or -1 with @error when the
 * budget is spent. */
static gssize
allowed (KbServerLimitedInput *self, gsize count, GError **error)
{
  if (self->budget == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                           "The peer sent more than this connection takes");
      return -1;
    }
  return (gssize) MIN (count, MIN (self->budget, G_MAXSSIZE));
}

static gssize
spend (KbServerLimitedInput *self, gssize got)
{
  if (got > 0 && self->budget != G_MAXUINT64)
    self->budget -= MIN ((guint64) got, self->budget);
  return got;
}

static gssize
kb_server_limited_input_read (GInputStream *stream, void *buffer, gsize count,
                              GCancellable *cancellable, GError **error)
{
  KbServerLimitedInput *self = KB_SERVER_LIMITED_INPUT (stream);
  GInputStream *base = g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (stream));
  gssize size = allowed (self, count, error);

  if (size < 0)
    return -1;
  return spend (self, g_input_stream_read (base, buffer, (gsize) size, cancellable, error));
}

static gssize
kb_server_limited_input_read_nonblocking (GPollableInputStream *stream, void *buffer, gsize count,
                                          GError **error)
{
  KbServerLimitedInput *self = KB_SERVER_LIMITED_INPUT (stream);
  GInputStream *base = g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (stream));
  gssize size = allowed (self, count, error);

  if (size < 0)
    return -1;
  return spend (self, g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (base),
                                                                buffer, (gsize) size, NULL,
                                                                error));
}

static gboolean
kb_server_limited_input_is_readable (GPollableInputStream *stream)
{
  GInputStream *base = g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (stream));

  return g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (base));
}

static GSource *
kb_server_limited_input_create_source (GPollableInputStream *stream, GCancellable *cancellable)
{
  GInputStream *base = g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (stream));
  g_autoptr(GSource) base_source = NULL;

  base_source = g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (base), NULL);
  return g_pollable_source_new_full (stream, base_source, cancellable);
}

static gboolean
kb_server_limited_input_close (GInputStream *stream, GCancellable *cancellable, GError **error)
{
  KbServerLimitedInput *self = KB_SERVER_LIMITED_INPUT (stream);

  return g_io_stream_close (self->connection, cancellable, error);
}

static void
kb_server_limited_input_finalize (GObject *object)
{
  KbServerLimitedInput *self = KB_SERVER_LIMITED_INPUT (object);

  g_clear_object (&self->connection);

  G_OBJECT_CLASS (kb_server_limited_input_parent_class)->finalize (object);
}

static void
kb_server_limited_input_class_init (KbServerLimitedInputClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = kb_server_limited_input_finalize;
  stream_class->read_fn = kb_server_limited_input_read;
  stream_class->close_fn = kb_server_limited_input_close;
}

static void
kb_server_limited_input_pollable_init (GPollableInputStreamInterface *iface)
{
  iface->is_readable = kb_server_limited_input_is_readable;
  iface->create_source = kb_server_limited_input_create_source;
  iface->read_nonblocking = kb_server_limited_input_read_nonblocking;
}

static void
kb_server_limited_input_init (KbServerLimitedInput *self)
{
  self->budget = G_MAXUINT64;
}

/* Returns: (transfer full): the input of @connection, which it keeps and
 * closes when it is closed itself. */
GInputStream *
kb_server_limited_input_new (GIOStream *connection)
{
  KbServerLimitedInput *self;

  g_return_val_if_fail (G_IS_IO_STREAM (connection), NULL);

  self = g_object_new (KB_TYPE_SERVER_LIMITED_INPUT,
                       "base-stream", g_io_stream_get_input_stream (connection),
                       "close-base-stream", FALSE,
                       NULL);
  self->connection = g_object_ref (connection);
  return G_INPUT_STREAM (self);
}

/* From now on, @bytes more and no more. */
void
kb_server_limited_input_set_budget (KbServerLimitedInput *self, guint64 bytes)
{
  g_return_if_fail (KB_IS_SERVER_LIMITED_INPUT (self));

  self->budget = bytes;
}
