/* ms-ui-test.c: helpers the UI tests share — waiting, finding widgets, screenshots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ms-ui-test.h"

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
