/* fuzz-pop3.c: libFuzzer target for the POP3 status and CAPA parsers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "ms-reply.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *input = g_strndup ((const char *) data, size);
  g_auto(GStrv) lines = g_strsplit (input, "\n", -1);
  g_autoptr(GPtrArray) caps = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) mechs = g_ptr_array_new_with_free_func (g_free);
  gboolean in_capa = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      gsize len = strlen (line);
      g_autofree char *code = NULL;
      const char *text = NULL;
      MsPop3Status status;

      if (len > 0 && line[len - 1] == '\r')
        line[--len] = '\0';

      if (in_capa)
        {
          if (strcmp (line, ".") == 0)
            in_capa = FALSE;
          else
            ms_pop3_parse_capa_line (line[0] == '.' ? line + 1 : line, caps, mechs);
          continue;
        }

      status = ms_pop3_parse_status (line, &code, &text);
      if (status == MS_POP3_STATUS_INVALID)
        {
          g_assert_null (code);
          g_assert_null (text);
          continue;
        }
      g_assert_nonnull (text);
      g_assert_true (text >= line && text <= line + len);
      if (code != NULL)
        {
          g_assert_true (status != MS_POP3_STATUS_CONTINUE);
          g_assert_null (strchr (code, ']'));
        }
      if (status == MS_POP3_STATUS_OK)
        in_capa = TRUE;
    }

  for (guint i = 0; i < mechs->len; i++)
    {
      const char *m = g_ptr_array_index (mechs, i);

      g_assert_true (*m != '\0' && strchr (m, ' ') == NULL);
      for (guint j = i + 1; j < mechs->len; j++)
        g_assert_cmpstr (m, !=, g_ptr_array_index (mechs, j));
    }
  return 0;
}
