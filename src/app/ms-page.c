/* ms-page.c: the base class of the wizard's pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-page"

#include "config.h"

#include "ms-page.h"

typedef struct
{
  MsSetup *setup;
  char *title;
  guint complete : 1;
  guint busy : 1;
  guint final : 1;
} MsPagePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (MsPage, ms_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SETUP,
  PROP_TITLE,
  PROP_COMPLETE,
  PROP_BUSY,
  PROP_FINAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

MsSetup *
ms_page_get_setup (MsPage *self)
{
  MsPagePrivate *priv = ms_page_get_instance_private (self);

  g_return_val_if_fail (MS_IS_PAGE (self), NULL);
  return priv->setup;
}

void
ms_page_set_setup (MsPage  *self,
                   MsSetup *setup)
{
  MsPagePrivate *priv = ms_page_get_instance_private (self);

  g_return_if_fail (MS_IS_PAGE (self));
  g_return_if_fail (!setup || MS_IS_SETUP (setup));
  if (g_set_object (&priv->setup, setup))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SETUP]);
}

const char *
ms_page_get_title (MsPage *self)
{
  MsPagePrivate *priv = ms_page_get_instance_private (self);

  g_return_val_if_fail (MS_IS_PAGE (self), NULL);
  return priv->title;
}

void
ms_page_set_title (MsPage     *self,
                   const char *title)
{
  MsPagePrivate *priv = ms_page_get_instance_private (self);

  g_return_if_fail (MS_IS_PAGE (self));
  if (g_strcmp0 (priv->title, title) == 0)
    return;
  g_free (priv->title);
  priv->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

gboolean
ms_page_get_complete (MsPage *self)
{
  MsPagePrivate *priv = ms_page_get_instance_private (self);

  g_return_val_if_fail (MS_IS_PAGE (self), FALSE);
  return priv->complete;
}

void
ms_page_set_complete (MsPage   *self,
                      gboolean  complete)
{
  MsPagePrivate *priv = ms_page_get_instance_private (self);

  g_return_if_fail (MS_IS_PAGE (self));
  complete = !!complete;
  if (priv->complete != complete)
    {
      priv->complete = complete;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
    }
}

gboolean
ms_page_get_busy (MsPage *self)
{
  MsPagePrivate *priv = ms_page_get_instance_private (self);

  g_return_val_if_fail (MS_IS_PAGE (self), FALSE);
  return priv->busy;
}

void
ms_page_set_busy (MsPage   *self,
                  gboolean  busy)
{
  MsPagePrivate *priv = ms_page_get_instance_private (self);

  g_return_if_fail (MS_IS_PAGE (self));
  busy = !!busy;
  if (priv->busy != busy)
    {
      priv->busy = busy;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
}

gboolean
ms_page_get_final (MsPage *self)
{
  MsPagePrivate *priv = ms_page_get_instance_private (self);

  g_return_val_if_fail (MS_IS_PAGE (self), FALSE);
  return priv->final;
}

void
ms_page_set_final (MsPage   *self,
                   gboolean  final)
{
  MsPagePrivate *priv = ms_page_get_instance_private (self);

  g_return_if_fail (MS_IS_PAGE (self));
  final = !!final;
  if (priv->final != final)
    {
      priv->final = final;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINAL]);
    }
}

void
ms_page_cancel (MsPage *self)
{
  g_return_if_fail (MS_IS_PAGE (self));

  if (MS_PAGE_GET_CLASS (self)->cancel != NULL)
    MS_PAGE_GET_CLASS (self)->cancel (self);
}

void
ms_page_shown (MsPage *self)
{
  g_return_if_fail (MS_IS_PAGE (self));

  if (MS_PAGE_GET_CLASS (self)->shown != NULL)
    MS_PAGE_GET_CLASS (self)->shown (self);
}

void
ms_page_apply_async (MsPage              *self,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_return_if_fail (MS_IS_PAGE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  MS_PAGE_GET_CLASS (self)->apply_async (self, cancellable, callback, user_data);
}

gboolean
ms_page_apply_finish (MsPage        *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (MS_IS_PAGE (self), FALSE);

  return MS_PAGE_GET_CLASS (self)->apply_finish (self, result, error);
}

/* The default apply: nothing to do, go on. */
static void
ms_page_real_apply_async (MsPage              *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, ms_page_real_apply_async);
  g_task_return_boolean (task, TRUE);
}

static gboolean
ms_page_real_apply_finish (MsPage        *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
ms_page_finalize (GObject *object)
{
  MsPage *self = MS_PAGE (object);
  MsPagePrivate *priv = ms_page_get_instance_private (self);

  g_free (priv->title);
  g_clear_object (&priv->setup);

  G_OBJECT_CLASS (ms_page_parent_class)->finalize (object);
}

static void
ms_page_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  MsPage *self = MS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SETUP:
      g_value_set_object (value, ms_page_get_setup (self));
      break;
    case PROP_TITLE:
      g_value_set_string (value, ms_page_get_title (self));
      break;
    case PROP_COMPLETE:
      g_value_set_boolean (value, ms_page_get_complete (self));
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, ms_page_get_busy (self));
      break;
    case PROP_FINAL:
      g_value_set_boolean (value, ms_page_get_final (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_page_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  MsPage *self = MS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SETUP:
      ms_page_set_setup (self, g_value_get_object (value));
      break;
    case PROP_TITLE:
      ms_page_set_title (self, g_value_get_string (value));
      break;
    case PROP_COMPLETE:
      ms_page_set_complete (self, g_value_get_boolean (value));
      break;
    case PROP_BUSY:
      ms_page_set_busy (self, g_value_get_boolean (value));
      break;
    case PROP_FINAL:
      ms_page_set_final (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_page_class_init (MsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ms_page_finalize;
  object_class->get_property = ms_page_get_property;
  object_class->set_property = ms_page_set_property;

  klass->apply_async = ms_page_real_apply_async;
  klass->apply_finish = ms_page_real_apply_finish;

  properties[PROP_SETUP] =
    g_param_spec_object ("setup", NULL, NULL, MS_TYPE_SETUP,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FINAL] =
    g_param_spec_boolean ("final", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ms_page_init (MsPage *self)
{
}
