/* fuzz-smtp.c: libFuzzer target for the SMTP multi-line reply and EHLO parsers
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

static void
check_complete (MsSmtpReply *reply)
{
  g_autoptr(GPtrArray) caps = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) mechs = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *enhanced = ms_smtp_reply_dup_enhanced_code (reply);

  g_assert_true (reply->complete);
  g_assert_cmpuint (reply->code, >=, 200);
  g_assert_cmpuint (reply->code, <=, 599);
  g_assert_cmpuint (reply->lines->len, >=, 1);
  if (enhanced != NULL)
    {
      g_assert_true (enhanced[0] >= '2' && enhanced[0] <= '5' && enhanced[1] == '.');
      g_assert_true (g_str_has_prefix (g_ptr_array_index (reply->lines, reply->lines->len - 1), enhanced));
    }
  ms_smtp_parse_ehlo (reply, caps, mechs);
  g_assert_cmpuint (caps->len, <, reply->lines->len);
  for (guint i = 0; i < mechs->len; i++)
    {
      const char *m = g_ptr_array_index (mechs, i);

      g_assert_true (*m != '\0' && strchr (m, ' ') == NULL);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *input = g_strndup ((const char *) data, size);
  g_auto(GStrv) lines = g_strsplit (input, "\n", -1);
  g_autoptr(MsSmtpReply) reply = ms_smtp_reply_new ();

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      gsize len = strlen (line);
      int state;

      if (len > 0 && line[len - 1] == '\r')
        line[len - 1] = '\0';
      state = ms_smtp_reply_add_line (reply, line);
      g_assert_true (state >= -1 && state <= 1);
      if (state == 1)
        check_complete (reply);
      if (state != 0)
        {
          /* a finished or broken reply: start the next one */
          ms_smtp_reply_free (reply);
          reply = ms_smtp_reply_new ();
        }
    }
  return 0;
}
