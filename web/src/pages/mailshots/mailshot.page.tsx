import { ArrowLeft, Pause, Play, Rocket, RotateCcw, Trash2, XCircle } from 'lucide-react'
import { useState } from 'react'
import {
  type Campaign,
  type CampaignAction,
  useCampaign,
  useCampaignAction,
  useDeleteCampaign,
  useLaunchCampaign,
  useResendFailed,
  useSavedPreview,
} from '../../api/campaigns'
import { ApiError, errorMessage } from '../../api/client'
import type { Me } from '../../api/session'
import { ConfirmDialog, ErrorNote } from '../../components/dialog'
import { Spinner } from '../../components/misc'
import { showToast } from '../../components/toast'
import { formatDateTime, plural } from '../../format'
import { Link, navigate } from '../../router'
import { TemplateText } from '../messaging/template-picker'
import { CampaignStatusBadge, ProgressBar, ProgressFigures } from './mailshot-figures'
import { CampaignMessages } from './mailshot-messages'
import { MailshotPdf } from './mailshot-pdf'
import { CreditRefusal, MailshotPreview } from './mailshot-preview'

function DraftPanel({ campaign }: { campaign: Campaign }) {
  const preview = useSavedPreview(campaign.id, true)
  const launch = useLaunchCampaign()
  const remove = useDeleteCampaign()
  const details = launch.error instanceof ApiError ? launch.error.details : undefined
  const refused =
    launch.error instanceof ApiError &&
    launch.error.code === 'CREDITS_INSUFFICIENT' &&
    typeof details?.needed === 'number' &&
    typeof details.available === 'number'
      ? { needed: details.needed, available: details.available }
      : null
  if (preview.error) return <ErrorNote message={errorMessage(preview.error)} />
  if (!preview.data) return <Spinner label="Previewing the mailshot" />
  const data = preview.data
  return (
    <MailshotPreview
      preview={data}
      actions={
        <>
          {refused ? <CreditRefusal needed={refused.needed} available={refused.available} /> : null}
          {launch.error && !refused ? <ErrorNote message={errorMessage(launch.error)} /> : null}
          {remove.error ? <ErrorNote message={errorMessage(remove.error)} /> : null}
          <button
            type="button"
            className="button button-danger-quiet"
            disabled={remove.isPending}
            onClick={() =>
              remove.mutate(campaign.id, { onSuccess: () => navigate('/mailshots', { replace: true }) })
            }
          >
            <Trash2 size={16} aria-hidden="true" /> Delete draft
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={!data.enoughCredits || data.recipients === 0 || launch.isPending}
            onClick={() =>
              launch.mutate(
                { id: campaign.id, expectedCredits: data.credits },
                { onError: () => void preview.refetch() },
              )
            }
          >
            <Rocket size={16} aria-hidden="true" /> Launch for {plural(data.credits, 'credit')}
          </button>
        </>
      }
    />
  )
}

function Controls({ campaign }: { campaign: Campaign }) {
  const action = useCampaignAction()
  const resend = useResendFailed()
  const [confirm, setConfirm] = useState<'cancel' | 'resend' | null>(null)
  const { status, progress } = campaign
  // the status badge (a live region) says what happened; a toast would cover these buttons
  const run = (which: CampaignAction) =>
    action.mutate({ id: campaign.id, action: which }, { onSuccess: () => setConfirm(null) })
  // texts whose outcome is unknown may have arrived: never part of "resend failed"
  const failed = progress.failed - progress.unknown
  const mayResend = failed > 0 && (status === 'running' || status === 'completed' || status === 'paused')
  return (
    <div className="toolbar-actions">
      {status === 'running' || status === 'scheduled' ? (
        <button type="button" className="button" disabled={action.isPending} onClick={() => run('pause')}>
          <Pause size={16} aria-hidden="true" /> Pause
        </button>
      ) : null}
      {status === 'paused' ? (
        <button type="button" className="button" disabled={action.isPending} onClick={() => run('resume')}>
          <Play size={16} aria-hidden="true" /> Resume
        </button>
      ) : null}
      {status === 'running' || status === 'scheduled' || status === 'paused' ? (
        <button type="button" className="button button-danger-quiet" onClick={() => setConfirm('cancel')}>
          <XCircle size={16} aria-hidden="true" /> Cancel the rest
        </button>
      ) : null}
      {mayResend ? (
        <button type="button" className="button" onClick={() => setConfirm('resend')}>
          <RotateCcw size={16} aria-hidden="true" /> Resend {plural(failed, 'failed text')}
        </button>
      ) : null}
      {action.error && !confirm ? <ErrorNote message={errorMessage(action.error)} /> : null}
      {confirm === 'cancel' ? (
        <ConfirmDialog
          title="Cancel the rest of this mailshot?"
          message="Texts not yet handed to the provider are cancelled and their credits refunded. Texts already sent stay sent."
          confirmLabel="Cancel the rest"
          tone="danger"
          busy={action.isPending}
          error={action.error ? errorMessage(action.error) : null}
          onConfirm={() => run('cancel')}
          onCancel={() => setConfirm(null)}
        />
      ) : null}
      {confirm === 'resend' ? (
        <ConfirmDialog
          title="Resend the failed texts?"
          message={`${plural(failed, 'text')} will be sent again and charged again. Numbers that have opted out since are left out.${progress.unknown > 0 ? ` ${plural(progress.unknown, 'text')} whose outcome is unknown (they may have arrived) are left alone: resend those one by one from the Failed view, after checking with the recipients.` : ''}`}
          confirmLabel="Resend"
          busy={resend.isPending}
          error={resend.error ? errorMessage(resend.error) : null}
          onConfirm={() =>
            resend.mutate(campaign.id, {
              onSuccess: (result) => {
                setConfirm(null)
                showToast({
                  tone: 'success',
                  title: `Resent ${plural(result.resent, 'text')} for ${plural(result.credits, 'credit')}`,
                  ...(result.skippedOptedOut
                    ? { body: `${plural(result.skippedOptedOut, 'number')} opted out and left out.` }
                    : {}),
                })
              },
            })
          }
          onCancel={() => setConfirm(null)}
        />
      ) : null}
    </div>
  )
}

/** A mailshot: the draft's preview and launch, or the live progress with pause, resume, cancel and resend. */
export function MailshotPage({ campaignId }: { me: Me; campaignId: string }) {
  const query = useCampaign(campaignId)
  if (query.error) return <ErrorNote message={errorMessage(query.error)} />
  if (!query.data) return <Spinner label="Loading the mailshot" />
  const campaign = query.data
  const { progress, launch } = campaign
  return (
    <div className="page page-medium">
      <Link to="/mailshots" className="back-link">
        <ArrowLeft size={16} aria-hidden="true" /> Mailshots
      </Link>
      <header className="page-header">
        <div>
          <h1>{campaign.name}</h1>
          <p className="muted small">
            Created {formatDateTime(campaign.createdAt)}
            {campaign.launchedAt ? ` · launched ${formatDateTime(campaign.launchedAt)}` : ''}
            {campaign.sendAt ? ` · sends ${formatDateTime(campaign.sendAt)}` : ''}
          </p>
        </div>
        <span aria-live="polite">
          <CampaignStatusBadge status={campaign.status} />
        </span>
      </header>
      {campaign.status === 'draft' ? (
        <DraftPanel campaign={campaign} />
      ) : (
        <section className="card progress-card" aria-labelledby="progress-title">
          <header className="card-header">
            <h2 id="progress-title">Progress</h2>
            <Controls campaign={campaign} />
          </header>
          <ProgressBar progress={progress} />
          <ProgressFigures progress={progress} />
          {launch ? (
            <p className="muted small" data-testid="launch-summary">
              {plural(launch.recipients, 'recipient')} · {plural(launch.segments, 'segment')} · charged{' '}
              {plural(launch.credits, 'credit')}
              {launch.refundedCredits ? `, ${launch.refundedCredits.toLocaleString()} refunded` : ''}
            </p>
          ) : null}
        </section>
      )}
      {campaign.body || campaign.attachmentId ? (
        <section className="card mailshot-text" aria-labelledby="text-title">
          <h2 id="text-title">Text</h2>
          {campaign.body ? <TemplateText body={campaign.body} /> : null}
          {campaign.attachmentId ? <MailshotPdf attachmentId={campaign.attachmentId} /> : null}
        </section>
      ) : null}
      {campaign.status !== 'draft' && progress.failed > 0 ? (
        <CampaignMessages campaignId={campaign.id} view="failed" title="Failed texts" />
      ) : null}
      {campaign.status !== 'draft' && progress.notTriggered > 0 ? (
        <CampaignMessages campaignId={campaign.id} view="did_not_trigger" title="Skipped recipients" />
      ) : null}
    </div>
  )
}
