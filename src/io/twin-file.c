/* twin-file.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one way Twinscope writes a file: whole, or not at all.
 */

#define G_LOG_DOMAIN "twin-file"

#include "config.h"

#include <errno.h>
#include <gio/gfiledescriptorbased.h>
#include <unistd.h>

#include "twin-file.h"

/* On disk before it takes the file's name: GIO syncs only what replaces
 * a file that had contents, and after a crash a new file should not be
 * there empty either. */
static gboolean
sync_stream (GFileOutputStream  *stream,
             GError            **error)
{
  int fd;

  if (!G_IS_FILE_DESCRIPTOR_BASED (stream))
    return TRUE;

  fd = g_file_descriptor_based_get_fd (G_FILE_DESCRIPTOR_BASED (stream));
  if (fsync (fd) != 0)
    {
      int saved = errno;

      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved), g_strerror (saved));
      return FALSE;
    }

  return TRUE;
}

/**
 * twin_file_replace:
 * @write: writes the whole file into the stream it is handed
 *
 * Writes @path through g_file_replace(): the new contents replace the
 * file only once @write and the close succeeded, so a failure (no space
 * left, no permission) never leaves a half-written file, nor harms one
 * that was there.
 *
 * Returns: whether the file was written; @error names @path if not
 */
gboolean
twin_file_replace (const char           *path,
                     TwinFileWriteFunc     write,
                     gpointer              user_data,
                     GError              **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GCancellable) discard = NULL;
  g_autofree char *name = NULL;
  gboolean existed;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (write != NULL, FALSE);

  file = g_file_new_for_path (path);
  existed = g_file_query_exists (file, NULL);
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, error);
  if (stream == NULL)
    return FALSE;

  if (write (G_OUTPUT_STREAM (stream), user_data, error) &&
      sync_stream (stream, error) &&
      g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error))
    return TRUE;

  /* Closing a cancelled replace stream discards its temporary file; a file
   * that was not there before is written in place, so it goes as well. */
  discard = g_cancellable_new ();
  g_cancellable_cancel (discard);
  g_output_stream_close (G_OUTPUT_STREAM (stream), discard, NULL);
  if (!existed)
    g_file_delete (file, NULL, NULL);

  name = g_filename_display_name (path);
  g_prefix_error (error, "Could not write “%s”: ", name);
  return FALSE;
}
