using System.Text;
using EmoteCare.Grains.Interfaces;
using EmoteCare.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmoteCare.Grains.Conversation;

/// <summary>What a <see cref="ConversationGrain"/> persists.</summary>
[GenerateSerializer, Alias("emotecare.ConversationState")]
public sealed class ConversationState
{
    /// <summary>The current conversation (32 hexadecimal characters); null before the first.</summary>
    [Id(0)]
    public string? ConversationId { get; set; }

    /// <summary>Where it stands in the flows.</summary>
    [Id(1)]
    public ConversationPosition Position { get; set; } = new();

    /// <summary>The transcript, oldest first, bounded by <see cref="ConversationOptions.MaxStoredLines"/>.</summary>
    [Id(2)]
    public List<ChatEntry> Entries { get; set; } = [];

    /// <summary>Whether the patient shares the conversation with their therapist.</summary>
    [Id(3)]
    public bool Shared { get; set; }

    /// <summary>Alerts raised in the current conversation, numbering their ids.</summary>
    [Id(4)]
    public int AlertsRaised { get; set; }

    /// <summary>Alerts not yet delivered to an inbox; retried on a timer and on the next turn.</summary>
    [Id(5)]
    public List<SessionAlert> PendingAlerts { get; set; } = [];
}

/// <summary>
/// A patient's conversation with the support bot. Each turn: the crisis detector first (on every typed message, also over
/// the rate limit), then the authored flows (<see cref="FlowEngine"/>); a crisis alerts the patient's therapist, or the
/// on-call therapists, through their inbox, which relays live to their pages. The patient's words are stored in the
/// grain's state for the patient, never logged.
/// </summary>
public sealed class ConversationGrain(
    [PersistentState("conversation")] IPersistentState<ConversationState> state,
    FlowEngine engine,
    HelplineDirectory helplines,
    ICrisisDetector crisis,
    EmotionReader emotions,
    IOptions<ConversationOptions> options,
    TimeProvider time,
    ILogger<ConversationGrain> logger) : Grain, IConversationGrain
{
    private readonly ConversationOptions _options = options.Value;
    private readonly Queue<long> _recentMessages = new();
    private IGrainTimer? _retry;

    private string PatientId => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        GrainKeys.Validate(PatientId, "patient");
        if (state.State.PendingAlerts.Count > 0)
        {
            EnsureRetry();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<ChatReply> Open()
    {
        var profile = await ProfileAsync();
        var started = EnsureConversation();
        var outcome = engine.Open(state.State.Position, Context(profile));
        return await FinishAsync(outcome, profile, patientLine: null, excerpt: null, signals: [], write: started);
    }

    /// <inheritdoc />
    public async Task<ChatReply> Send(ChatInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if ((input.Text is null) == (input.ChoiceId is null))
        {
            throw new ArgumentException("Send either text or a choice id, not both and not neither.", nameof(input));
        }

        if (input.Text is { } raw && (string.IsNullOrWhiteSpace(raw) || raw.Length > _options.MaxMessageLength))
        {
            throw new ArgumentException($"A message must hold 1 to {_options.MaxMessageLength} characters and not only white space.", nameof(input));
        }

        var text = input.Text?.Trim();
        var (signals, crisisChecked) = text is null ? ([], true) : AssessCrisis(text);
        var profile = await ProfileAsync();
        var context = Context(profile);
        EnsureConversation();
        await DeliverPendingAsync();

        if (!WithinRate() && signals.Count == 0)
        {
            // Nothing is stored: the message was not taken.
            var slowDown = engine.SlowDown(state.State.Position);
            if (!crisisChecked)
            {
                engine.MarkUnchecked(slowDown);
            }

            return await FinishAsync(slowDown, profile, patientLine: null, excerpt: null, signals: [], write: false);
        }

        var english = text is null || EnglishCheck.LooksEnglish(text);
        var emotion = text is not null && english && signals.Count == 0 ? emotions.Strongest(text) : null;
        if (emotion is not null)
        {
            state.State.Position.LastEmotion = emotion;
        }

        var patientLine = text ?? ChoiceLabel(input.ChoiceId!);
        var outcome = engine.Respond(state.State.Position, new PatientTurn(text, input.ChoiceId, signals, emotion, english), context);
        if (!crisisChecked)
        {
            engine.MarkUnchecked(outcome);
        }

        return await FinishAsync(outcome, profile, patientLine, text, signals, write: true);
    }

    /// <summary>
    /// The crisis detector's signals; should the detector fail, none, with <c>Checked</c> false so that the reply carries
    /// the helplines all the same: a failure must not cost the patient the way to help.
    /// </summary>
    private (IReadOnlyList<CrisisSignal> Signals, bool Checked) AssessCrisis(string text)
    {
        try
        {
            return (crisis.Assess(text).Signals, true);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The exception's type and stack only: its message could quote the patient's words.
            logger.LogError("The crisis check of a support-chat message of patient {PatientId} failed ({ExceptionType}); the reply carries the helplines. {StackTrace}", PatientId, exception.GetType().Name, exception.StackTrace);
            return ([], false);
        }
    }


    /// <inheritdoc />
    public async Task<ChatReply> Sos()
    {
        var profile = await ProfileAsync();
        EnsureConversation();
        await DeliverPendingAsync();
        var outcome = engine.Sos(state.State.Position, Context(profile));
        return await FinishAsync(outcome, profile, patientLine: "SOS", excerpt: null, signals: [], write: true);
    }

    /// <inheritdoc />
    public Task<ConversationView> GetConversation(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return Task.FromResult(View(limit));
    }

    /// <inheritdoc />
    public async Task<ConversationView> SetSharing(bool shared)
    {
        if (state.State.Shared != shared)
        {
            state.State.Shared = shared;
            await WriteAsync();
        }

        return View(_options.MaxStoredLines);
    }

    private ConversationView View(int limit)
    {
        var s = state.State;
        var skip = Math.Max(0, s.Entries.Count - limit);
        return new ConversationView(PatientId, s.ConversationId, s.Shared, s.Position.Safety, [.. s.Entries.Skip(skip)]);
    }

    /// <summary>Carries out the outcome's side effects, records the turn and builds the reply.</summary>
    private async Task<ChatReply> FinishAsync(TurnOutcome outcome, PatientProfile? profile, string? patientLine, string? excerpt, IReadOnlyList<CrisisSignal> signals, bool write)
    {
        var s = state.State;
        var conversationId = s.ConversationId!;
        var now = time.GetUtcNow();
        var alerted = false;
        if (outcome.RaiseCrisisAlert)
        {
            var description = excerpt is null
                ? "The patient pressed SOS in the support chat."
                : $"Crisis signal in the support chat ({string.Join(", ", signals.Select(Describe))}): \"{Excerpt(excerpt)}\"";
            alerted = await RaiseAsync(NotableMomentKind.ChatCrisis, "crisis", description, Recipients(profile), now);
        }

        if (outcome.RequestSession && profile?.TherapistId is { } therapistId)
        {
            await RaiseAsync(NotableMomentKind.ChatSessionRequest, "request", "The patient asked in the support chat for a session.", [therapistId], now);
        }

        var messages = outcome.Messages;
        IReadOnlyList<ResourceSummary> resources = [];
        if (outcome.Resources > 0)
        {
            resources = await SuggestAsync(outcome.Resources);
            if (resources.Count == 0)
            {
                messages = [.. outcome.NoResources];
            }
        }

        var reply = new ChatReply(
            conversationId,
            messages,
            outcome.Choices,
            outcome.AcceptsText,
            outcome.ShowHelplines ? helplines.For(profile?.Country) : null,
            outcome.Timer,
            resources,
            s.Position.Safety,
            alerted,
            outcome.Node,
            engine.Flows.VersionOf(outcome.Node),
            now);

        if (write)
        {
            if (patientLine is not null)
            {
                s.Entries.Add(new ChatEntry(ChatSpeaker.Patient, patientLine, now));
            }

            s.Entries.AddRange(messages.Select(m => new ChatEntry(ChatSpeaker.Bot, m, now)));
            var excess = s.Entries.Count - _options.MaxStoredLines;
            if (excess > 0)
            {
                s.Entries.RemoveRange(0, excess);
            }

            if (outcome.Ended)
            {
                // The next turn starts a new conversation, with a new id for its alerts and sharing.
                s.ConversationId = null;
                s.AlertsRaised = 0;
            }

            try
            {
                await WriteAsync();
            }
            catch (Exception exception) when (reply.Helplines is not null)
            {
                // The helplines must reach the patient even when storage fails; the alert went out before the write.
                // The grain deactivates, so the turn's lines are missing from the stored transcript.
                logger.LogError(exception, "Storing a support-chat turn of patient {PatientId} failed; the reply with the helplines went out anyway", PatientId);
            }
        }

        return reply;
    }

    /// <summary>Alerts each recipient's inbox; an alert that fails is kept and retried, and the reply still goes out with the helplines.</summary>
    private async Task<bool> RaiseAsync(NotableMomentKind kind, string prefix, string description, IReadOnlyList<string> recipients, DateTimeOffset now)
    {
        if (recipients.Count == 0)
        {
            logger.LogError("A support-chat alert for patient {PatientId} has no recipient: no therapist is assigned and Chat:OnCallTherapistIds is empty", PatientId);
            return false;
        }

        var number = ++state.State.AlertsRaised;
        var delivered = true;
        foreach (var therapistId in recipients)
        {
            var alert = new SessionAlert($"{state.State.ConversationId}/{prefix}{number}", state.State.ConversationId!, PatientId, therapistId, kind, now, description);
            if (!await TryDeliverAsync(alert))
            {
                state.State.PendingAlerts.Add(alert);
                EnsureRetry();
                delivered = false;
            }
        }

        return delivered;
    }

    private async Task<bool> TryDeliverAsync(SessionAlert alert)
    {
        try
        {
            await GrainFactory.GetGrain<ITherapistGrain>(alert.TherapistId).AddAlert(alert);
            return true;
        }
        catch (Exception exception) when (exception is not ArgumentException)
        {
            logger.LogWarning(exception, "Delivering alert {AlertId} to therapist {TherapistId} failed; it is retried", alert.AlertId, alert.TherapistId);
            return false;
        }
    }

    private async Task DeliverPendingAsync()
    {
        var pending = state.State.PendingAlerts;
        if (pending.Count == 0)
        {
            return;
        }

        var before = pending.Count;
        foreach (var alert in pending.ToList())
        {
            if (await TryDeliverAsync(alert))
            {
                pending.Remove(alert);
            }
        }

        if (pending.Count != before)
        {
            await WriteAsync();
        }
    }

    private void EnsureRetry() =>
        _retry ??= this.RegisterGrainTimer(
            async () =>
            {
                await DeliverPendingAsync();
                if (state.State.PendingAlerts.Count == 0)
                {
                    _retry?.Dispose();
                    _retry = null;
                }
            },
            new GrainTimerCreationOptions(_options.AlertRetryInterval, _options.AlertRetryInterval) { KeepAlive = true });

    private IReadOnlyList<string> Recipients(PatientProfile? profile) =>
        profile?.TherapistId is { } therapistId ? [therapistId] : _options.OnCallTherapistIds;

    private async Task<IReadOnlyList<ResourceSummary>> SuggestAsync(int max)
    {
        var position = state.State.Position;
        try
        {
            return await GrainFactory.GetGrain<IResourceLibraryGrain>(IResourceLibraryGrain.Key).Suggest(position.LastEmotion, position.Concern, max);
        }
        catch (Exception exception)
        {
            // The chat goes on without suggestions; the flow's authored "none found" lines say so.
            logger.LogWarning(exception, "Suggesting resources for a support-chat turn failed");
            return [];
        }
    }

    private bool WithinRate()
    {
        var now = time.GetTimestamp();
        while (_recentMessages.TryPeek(out var oldest) && time.GetElapsedTime(oldest, now) >= TimeSpan.FromMinutes(1))
        {
            _recentMessages.Dequeue();
        }

        if (_recentMessages.Count >= _options.MessagesPerMinute)
        {
            return false;
        }

        _recentMessages.Enqueue(now);
        return true;
    }

    /// <summary>Starts a conversation when none is under way; true when it did.</summary>
    private bool EnsureConversation()
    {
        if (state.State.ConversationId is not null)
        {
            return false;
        }

        state.State.ConversationId = Guid.NewGuid().ToString("N");
        state.State.AlertsRaised = 0;
        return true;
    }

    private string ChoiceLabel(string choiceId)
    {
        if (state.State.Position.Node is { } node && engine.Flows.Contains(node))
        {
            var choice = engine.Flows[node].Choices.FirstOrDefault(c => c.Id == choiceId);
            if (choice is not null)
            {
                return choice.Label;
            }
        }

        return choiceId.Length <= 64 ? choiceId : choiceId[..64];
    }

    private Task<PatientProfile?> ProfileAsync() => GrainFactory.GetGrain<IPatientGrain>(PatientId).GetProfile();

    private static TurnContext Context(PatientProfile? profile) => new(profile?.TherapistId is not null);

    private string Excerpt(string text)
    {
        var collapsed = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                if (collapsed.Length > 0 && collapsed[^1] != ' ')
                {
                    collapsed.Append(' ');
                }
            }
            else
            {
                collapsed.Append(c);
            }
        }

        var flat = collapsed.ToString().Trim();
        return flat.Length <= _options.AlertExcerptLength ? flat : string.Concat(flat.AsSpan(0, _options.AlertExcerptLength), "…");
    }

    private static string Describe(CrisisSignal signal) => signal switch
    {
        CrisisSignal.IndirectWording => "indirect wording",
        CrisisSignal.SelfHarm => "self-harm",
        CrisisSignal.WishToBeDead => "wish to be dead",
        CrisisSignal.SuicidalThoughts => "suicidal thoughts",
        CrisisSignal.Method => "method",
        CrisisSignal.Intent => "intent",
        CrisisSignal.Plan => "plan",
        CrisisSignal.PreparatoryBehaviour => "preparatory behaviour",
        _ => signal.ToString(),
    };

    private Task WriteAsync() => state.WriteOrDeactivateAsync(DeactivateOnIdle);
}
