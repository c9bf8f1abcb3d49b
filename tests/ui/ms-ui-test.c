/* ms-ui-test.c: helpers the UI tests share — waiting, finding widgets, screenshots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

#include "ms-page.h"
#include "ms-ui-test.h"
#include "ms-window.h"

static gboolean
on_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
ms_ui_wait_for (MsUiCondition cond,
                gpointer      data,
                guint         timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, on_timeout, &timed_out);

  while (!cond (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return cond (data);
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

void
ms_ui_spin (guint ms)
{
  ms_ui_wait_for (never, NULL, ms);
}

GtkWidget *
ms_ui_find (GtkWidget *root,
            GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = ms_ui_find (c, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
ms_ui_find_label (GtkWidget  *root,
                  const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_is_drawable (root) &&
      strstr (gtk_label_get_text (GTK_LABEL (root)), text) != NULL)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = ms_ui_find_label (c, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static char *
strip_mnemonic (const char *label)
{
  GString *s = g_string_new (NULL);

  for (const char *p = label; *p != '\0'; p++)
    if (*p != '_')
      g_string_append_c (s, *p);
  return g_string_free (s, FALSE);
}

GtkWidget *
ms_ui_find_button (GtkWidget  *root,
                   const char *text)
{
  if (GTK_IS_BUTTON (root) && gtk_button_get_label (GTK_BUTTON (root)) != NULL)
    {
      g_autofree char *label = strip_mnemonic (gtk_button_get_label (GTK_BUTTON (root)));
      if (strstr (label, text) != NULL)
        return root;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = ms_ui_find_button (c, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
ms_ui_child (GtkWidget  *widget,
             GType       type,
             const char *id)
{
  GObject *obj = gtk_widget_get_template_child (widget, type, id);

  g_assert_nonnull (obj);
  return GTK_WIDGET (obj);
}

static void
dump (GtkWidget *root,
      GString   *out)
{
  if (!gtk_widget_get_visible (root) || !gtk_widget_get_child_visible (root))
    return;
  if (GTK_IS_LABEL (root) && *gtk_label_get_text (GTK_LABEL (root)) != '\0')
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (root)));
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    dump (c, out);
}

char *
ms_ui_dump_text (GtkWidget *root)
{
  GString *out = g_string_new (NULL);

  dump (root, out);
  return g_string_free (out, FALSE);
}

char *
ms_ui_screenshot (GtkWidget  *widget,
                  const char *name)
{
  const char *dir = g_getenv ("MS_SCREENSHOT_DIR");
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  char *path = g_build_filename (dir != NULL ? dir : ".", file, NULL);
  g_autoptr (GdkPaintable) paintable = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  GskRenderNode *node;
  GskRenderer *renderer;
  int width, height;

  if (dir != NULL)
    g_mkdir_with_parents (dir, 0755);
  gtk_widget_queue_draw (widget);
  gtk_test_widget_wait_for_draw (widget);
  ms_ui_spin (300);  /* let spinners, transitions and fades settle */

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_render_node_unref (node);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot %s (%d×%d)", path, width, height);
  return path;
}

static gboolean
has_name (GtkWidget *widget)
{
  GtkAccessible *acc = GTK_ACCESSIBLE (widget);

  if (gtk_test_accessible_has_property (acc, GTK_ACCESSIBLE_PROPERTY_LABEL) ||
      gtk_test_accessible_has_relation (acc, GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return TRUE;
  if (gtk_widget_get_tooltip_text (widget) != NULL)
    return TRUE;
  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    return TRUE;
  if (GTK_IS_CHECK_BUTTON (widget) && gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)) != NULL)
    return TRUE;
  if (GTK_IS_MENU_BUTTON (widget) && gtk_widget_get_tooltip_text (widget) != NULL)
    return TRUE;
  /* A row is named by its title (libadwaita labels the row with it). */
  if (ADW_IS_PREFERENCES_ROW (widget) &&
      *adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)) != '\0')
    return TRUE;
  return FALSE;
}

static gboolean
inside_named_row (GtkWidget *widget)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_ROW);

  return row != NULL && *adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)) != '\0';
}

void
ms_ui_check_names (GtkWidget *root,
                   GString   *problems)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      gboolean interactive;

      /* libadwaita's and GTK's own inner parts (window controls, the entry inside an
       * entry row, the expander arrow) are named by the library or by their row. */
      if (GTK_IS_WINDOW_CONTROLS (c))
        continue;
      interactive = GTK_IS_BUTTON (c) || GTK_IS_CHECK_BUTTON (c) || GTK_IS_SWITCH (c) ||
                    GTK_IS_MENU_BUTTON (c) || ADW_IS_ENTRY_ROW (c) || ADW_IS_COMBO_ROW (c) ||
                    ADW_IS_EXPANDER_ROW (c) || GTK_IS_DROP_DOWN (c);
      if (interactive && gtk_widget_get_visible (c) && !has_name (c) &&
          !(inside_named_row (c) && !GTK_IS_CHECK_BUTTON (c)))
        g_string_append_printf (problems, "%s (in %s) has no accessible name\n",
                                G_OBJECT_TYPE_NAME (c),
                                G_OBJECT_TYPE_NAME (gtk_widget_get_parent (c)));
      ms_ui_check_names (c, problems);
    }
}

/* --- the AT-SPI lint (tests/ui/atspi-lint) ------------------------------------------- */

static GSubprocess *lint_process;
static GDataInputStream *lint_out;
static GOutputStream *lint_in;

typedef struct {
  char *line;
  gboolean finished;
} LineRead;

static void
on_line_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  LineRead *read = user_data;

  read->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                          NULL, NULL);
  read->finished = TRUE;
}

static gboolean
line_finished (gpointer data)
{
  return ((LineRead *) data)->finished;
}

/* The next line of the lint, while this main loop keeps answering its AT-SPI questions. */
static char *
lint_read_line (void)
{
  LineRead read = { 0 };

  g_data_input_stream_read_line_async (lint_out, G_PRIORITY_DEFAULT, NULL, on_line_read, &read);
  if (!ms_ui_wait_for (line_finished, &read, 120000))
    g_error ("the AT-SPI lint did not answer in two minutes");
  return read.line;
}

gboolean
ms_ui_atspi_start (char **skip_reason)
{
  const char *script = g_getenv ("MS_ATSPI_LINT");
  g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());
  g_autoptr (GError) error = NULL;
  g_autofree char *first = NULL;

  if (lint_process != NULL)
    return TRUE;
  if (script == NULL)
    {
      *skip_reason = g_strdup ("MS_ATSPI_LINT is not set");
      return FALSE;
    }
  /* Debian's Python: it has pyatspi (python3-pyatspi). */
  lint_process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                   &error, "/usr/bin/python3", script, "--pid", pid, NULL);
  g_assert_no_error (error);
  lint_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (lint_process));
  lint_in = g_subprocess_get_stdin_pipe (lint_process);
  first = lint_read_line ();
  if (first == NULL || !g_str_equal (first, "ready"))
    {
      *skip_reason = g_strdup (first != NULL && g_str_has_prefix (first, "skip ") ? first + 5
                               : "the AT-SPI lint did not start");
      g_clear_object (&lint_out);
      g_subprocess_force_exit (lint_process);
      g_clear_object (&lint_process);
      return FALSE;
    }
  return TRUE;
}

char *
ms_ui_atspi_lint (const char *request)
{
  g_autoptr (GString) problems = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *line = g_strconcat (request, "\n", NULL);

  g_assert_nonnull (lint_process);
  g_assert_true (g_output_stream_write_all (lint_in, line, strlen (line), NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_flush (lint_in, NULL, &error));
  for (;;)
    {
      g_autofree char *answer = lint_read_line ();

      if (answer == NULL)
        g_error ("the AT-SPI lint ended");
      if (g_str_has_prefix (answer, "done "))
        break;
      if (answer[0] == '#')
        g_test_message ("%s", answer);
      else
        g_string_append_printf (problems, "%s\n", answer);
    }
  return g_string_free (g_steal_pointer (&problems), FALSE);
}

void
ms_ui_atspi_stop (void)
{
  if (lint_process == NULL)
    return;
  g_output_stream_close (lint_in, NULL, NULL);
  g_subprocess_wait (lint_process, NULL, NULL);
  g_clear_object (&lint_out);
  g_clear_object (&lint_process);
}

gboolean
ms_ui_use_language (const char *language,
                    const char *locale)
{
  const char *dir = g_getenv ("MS_TEST_LOCALEDIR");

  if (language == NULL)
    {
      g_unsetenv ("LANGUAGE");
      setlocale (LC_MESSAGES, "C.UTF-8");
      return TRUE;
    }
  if (dir == NULL)
    return FALSE;
  bindtextdomain (GETTEXT_PACKAGE, dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_setenv ("LANGUAGE", language, TRUE);
  /* gettext ignores LANGUAGE in the C locale: make the locale (glibc remembers a locale it
   * did not find, so it is made before the first try, in a folder of the test's own). */
  {
    g_autofree char *locpath = g_build_filename (g_get_tmp_dir (), "locale", NULL);
    g_autofree char *target = g_build_filename (locpath, locale, NULL);
    g_autofree char *source = g_strndup (locale, strcspn (locale, "."));
    const char *argv[] = { "localedef", "-i", source, "-f", "UTF-8", target, NULL };

    if (!g_file_test (target, G_FILE_TEST_IS_DIR))
      {
        g_mkdir_with_parents (locpath, 0755);
        g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                      G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, NULL, NULL);
      }
    g_setenv ("LOCPATH", locpath, TRUE);
    if (setlocale (LC_MESSAGES, locale) == NULL)
      return FALSE;
  }
  return TRUE;
}

GtkWidget *
ms_ui_visible_page (GtkWidget *window)
{
  return gtk_stack_get_visible_child (GTK_STACK (ms_ui_child (window, MS_TYPE_WINDOW, "pages")));
}

typedef struct {
  GtkWidget *window;
  GType type;
} PageWait;

static gboolean
is_on_page (gpointer data)
{
  PageWait *w = data;
  GtkWidget *p = ms_ui_visible_page (w->window);

  return G_TYPE_CHECK_INSTANCE_TYPE (p, w->type) && !ms_page_get_busy (MS_PAGE (p));
}

gboolean
ms_ui_wait_for_page (GtkWidget *window,
                     GType      type,
                     guint      timeout_ms)
{
  PageWait w = { window, type };

  return ms_ui_wait_for (is_on_page, &w, timeout_ms);
}

void
ms_ui_assert_shows (GtkWidget  *root,
                    const char *text)
{
  if (ms_ui_find_label (root, text) == NULL)
    {
      g_autofree char *all = ms_ui_dump_text (root);
      g_error ("“%s” is not shown; the page shows:\n%s", text, all);
    }
}
