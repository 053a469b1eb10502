using System.Collections.Concurrent;
using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Grains.Tests.Conversation;

/// <summary>The conversation grain on the shared cluster, with the marker-driven crisis detector and text model.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ConversationGrainTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.GrainFactory;

    private async Task<(string PatientId, string? TherapistId)> PatientAsync(bool withTherapist, string? country = null)
    {
        var patientId = Keys.Unique("chat-patient");
        var patient = Grains.GetGrain<IPatientGrain>(patientId);
        await patient.UpdateProfile("Robin");
        await patient.SetCountry(country);
        string? therapistId = null;
        if (withTherapist)
        {
            therapistId = Keys.Unique("chat-therapist");
            await Grains.GetGrain<ITherapistGrain>(therapistId).UpdateProfile("Dr T");
            await patient.AssignTherapist(therapistId);
        }

        return (patientId, therapistId);
    }

    [Fact]
    public async Task A_crisis_message_shows_the_countrys_helplines_and_alerts_the_therapists_inbox_with_a_short_excerpt()
    {
        var (patientId, therapistId) = await PatientAsync(withTherapist: true, country: "US");
        var chat = Grains.GetGrain<IConversationGrain>(patientId);
        await chat.Open();
        var words = "I have decided [crisis:Plan] and " + new string('x', 200);

        var reply = await chat.Send(new ChatInput(words, null));

        Assert.True(reply.Safety);
        Assert.True(reply.TherapistAlerted);
        Assert.NotNull(reply.Helplines);
        Assert.Equal(["tel:911", "tel:988", "sms:988"], reply.Helplines.Links.Select(l => l.Href));
        var alert = Assert.Single(await Grains.GetGrain<ITherapistGrain>(therapistId!).GetUnacknowledgedAlerts());
        Assert.Equal(NotableMomentKind.ChatCrisis, alert.Kind);
        Assert.Equal(patientId, alert.PatientId);
        Assert.Equal(reply.ConversationId, alert.SessionId);
        Assert.Equal($"{reply.ConversationId}/crisis1", alert.AlertId);
        Assert.Contains("plan", alert.Description, StringComparison.Ordinal);
        Assert.Contains("\"I have decided [crisis:Plan] and xxx", alert.Description, StringComparison.Ordinal);
        Assert.True(alert.Description.Length < 140, alert.Description);
    }

    [Fact]
    public async Task The_therapists_observer_hears_the_crisis_alert_live()
    {
        var (patientId, therapistId) = await PatientAsync(withTherapist: true);
        var observer = new AlertCollector();
        var reference = Grains.CreateObjectReference<ITherapistObserver>(observer);
        await Grains.GetGrain<ITherapistGrain>(therapistId!).Subscribe(reference);

        await Grains.GetGrain<IConversationGrain>(patientId).Sos();

        await Eventually.TrueAsync(() => !observer.Alerts.IsEmpty, "the observer hears the alert");
        var heard = Assert.Single(observer.Alerts);
        Assert.Equal(NotableMomentKind.ChatCrisis, heard.Kind);
        Assert.Equal("The patient pressed SOS in the support chat.", heard.Description);
    }

    [Fact]
    public async Task A_patient_without_a_therapist_alerts_the_on_call_therapists_and_an_unknown_country_gets_the_fallback()
    {
        var (patientId, _) = await PatientAsync(withTherapist: false);
        var chat = Grains.GetGrain<IConversationGrain>(patientId);

        var reply = await chat.Send(new ChatInput("[crisis:SelfHarm] again tonight", null));

        Assert.True(reply.TherapistAlerted);
        Assert.Empty(reply.Helplines!.Links);
        Assert.Contains("local emergency number", reply.Helplines.Note, StringComparison.Ordinal);
        var onCall = await Grains.GetGrain<ITherapistGrain>(ClusterFixture.OnCallTherapistId).GetUnacknowledgedAlerts();
        Assert.Contains(onCall, a => a.PatientId == patientId && a.Kind == NotableMomentKind.ChatCrisis);
    }

    [Fact]
    public async Task The_conversation_is_private_by_default_keeps_the_transcript_and_can_be_shared()
    {
        var (patientId, _) = await PatientAsync(withTherapist: true);
        var chat = Grains.GetGrain<IConversationGrain>(patientId);
        var greeting = await chat.Open();
        await chat.Send(new ChatInput(null, "low"));
        await chat.Send(new ChatInput("work has been a lot [emotion:Sad]", null));

        var view = await chat.GetConversation(100);
        var shared = await chat.SetSharing(true);

        Assert.False(view.SharedWithTherapist);
        Assert.True(shared.SharedWithTherapist);
        Assert.Equal(greeting.ConversationId, view.ConversationId);
        Assert.Equal(
            [(ChatSpeaker.Patient, "Low"), (ChatSpeaker.Patient, "work has been a lot [emotion:Sad]")],
            view.Entries.Where(e => e.Speaker == ChatSpeaker.Patient).Select(e => (e.Speaker, e.Text)));
        Assert.Contains(view.Entries, e => e.Text == "It sounds like you might be feeling sad or low.");
        Assert.Equal(greeting.Messages[0], view.Entries[0].Text);
    }

    [Fact]
    public async Task An_ending_starts_a_new_conversation_with_a_new_id()
    {
        var (patientId, _) = await PatientAsync(withTherapist: true);
        var chat = Grains.GetGrain<IConversationGrain>(patientId);
        var first = await chat.Open();

        var ended = await chat.Send(new ChatInput("stop", null));
        var next = await chat.Open();

        Assert.Equal("global.stop", ended.Node);
        Assert.NotEqual(first.ConversationId, next.ConversationId);
        Assert.Matches("^[0-9a-f]{32}$", next.ConversationId);
    }

    [Fact]
    public async Task Over_the_rate_limit_the_bot_asks_to_slow_down_but_a_crisis_still_gets_the_crisis_reply()
    {
        var (patientId, therapistId) = await PatientAsync(withTherapist: true, country: "GB");
        var chat = Grains.GetGrain<IConversationGrain>(patientId);
        for (var i = 0; i < ClusterFixture.MessagesPerMinute; i++)
        {
            await chat.Send(new ChatInput("hello", null));
        }

        var limited = await chat.Send(new ChatInput("hello", null));
        var crisis = await chat.Send(new ChatInput("[crisis:Intent] tonight", null));

        Assert.Equal("You are sending messages quickly. Please wait a moment before you write again.", limited.Messages[0]);
        Assert.True(crisis.Safety);
        Assert.Equal(["tel:999", "tel:116123"], crisis.Helplines!.Links.Select(l => l.Href));
        Assert.Single(await Grains.GetGrain<ITherapistGrain>(therapistId!).GetUnacknowledgedAlerts());
    }

    [Fact]
    public async Task When_the_crisis_check_fails_the_reply_still_shows_the_helplines_and_says_why()
    {
        var (patientId, therapistId) = await PatientAsync(withTherapist: true, country: "US");
        var chat = Grains.GetGrain<IConversationGrain>(patientId);
        await chat.Open();

        var reply = await chat.Send(new ChatInput($"I can't see a way out {MarkerCrisisDetector.Fail}", null));

        Assert.Equal("Sorry, I could not check your message properly just now.", reply.Messages[0]);
        Assert.Equal(["tel:911", "tel:988", "sms:988"], reply.Helplines!.Links.Select(l => l.Href));
        Assert.False(reply.TherapistAlerted);
        Assert.Empty(await Grains.GetGrain<ITherapistGrain>(therapistId!).GetUnacknowledgedAlerts());
        var next = await chat.Send(new ChatInput("good", null));
        Assert.Null(next.Helplines);
    }

    [Fact]
    public async Task Messages_are_refused_when_empty_too_long_or_both_text_and_choice()
    {
        var (patientId, _) = await PatientAsync(withTherapist: true);
        var chat = Grains.GetGrain<IConversationGrain>(patientId);

        await Assert.ThrowsAsync<ArgumentException>(() => chat.Send(new ChatInput(new string('a', 1001), null)));
        await Assert.ThrowsAsync<ArgumentException>(() => chat.Send(new ChatInput("   ", null)));
        await Assert.ThrowsAsync<ArgumentException>(() => chat.Send(new ChatInput("hi", "low")));
        await Assert.ThrowsAsync<ArgumentException>(() => chat.Send(new ChatInput(null, null)));
    }

    [Fact]
    public async Task Asking_for_a_session_puts_a_request_in_the_therapists_inbox()
    {
        var (patientId, therapistId) = await PatientAsync(withTherapist: true);
        var chat = Grains.GetGrain<IConversationGrain>(patientId);
        await chat.Open();
        await chat.Send(new ChatInput(null, "okay"));
        await chat.Send(new ChatInput(null, "no"));
        await chat.Send(new ChatInput(null, "therapist"));

        var reply = await chat.Send(new ChatInput(null, "yes"));

        Assert.Equal("I have asked your therapist to book a session with you. They will be in touch.", reply.Messages[0]);
        var request = Assert.Single(await Grains.GetGrain<ITherapistGrain>(therapistId!).GetUnacknowledgedAlerts());
        Assert.Equal(NotableMomentKind.ChatSessionRequest, request.Kind);
    }

    [Fact]
    public async Task Resources_are_suggested_from_the_library_for_the_concern_the_patient_named()
    {
        var (patientId, _) = await PatientAsync(withTherapist: true);
        var chat = Grains.GetGrain<IConversationGrain>(patientId);
        await chat.Open();
        await chat.Send(new ChatInput(null, "sleep"));

        var reply = await chat.Send(new ChatInput(null, "read"));

        Assert.Equal("Here are some things to read or try that fit what you told me.", reply.Messages[0]);
        Assert.InRange(reply.Resources.Count, 1, 3);
        Assert.Contains(reply.Resources, r => r.Id == "sleep");
    }

    [Fact]
    public async Task A_patients_country_is_an_iso_alpha_2_code_or_unknown()
    {
        var patient = Grains.GetGrain<IPatientGrain>(Keys.Unique("country-patient"));
        await patient.UpdateProfile("Sam");

        var set = await patient.SetCountry("IE");
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => patient.SetCountry("UK"));
        var cleared = await patient.SetCountry(null);

        Assert.Equal("IE", set.Country);
        Assert.Contains("'UK' is not an ISO 3166 alpha-2", refused.Message, StringComparison.Ordinal);
        Assert.Null(cleared.Country);
    }

    [Fact]
    public async Task When_storage_fails_a_crisis_reply_still_shows_the_helplines_and_the_alert_goes_out_but_an_ordinary_turn_fails()
    {
        var faulty = await fixture.FaultyAsync();
        var grains = faulty.GrainFactory;
        var patientId = Keys.Unique("chat-patient");
        var therapistId = Keys.Unique("chat-therapist");
        await grains.GetGrain<IPatientGrain>(patientId).UpdateProfile("Robin");
        await grains.GetGrain<IPatientGrain>(patientId).SetCountry("CA");
        await grains.GetGrain<IPatientGrain>(patientId).AssignTherapist(therapistId);
        var chat = grains.GetGrain<IConversationGrain>(patientId);
        await chat.Open();
        faulty.Storage.FailingType = "conversation";
        try
        {
            var ordinary = await Assert.ThrowsAnyAsync<Exception>(() => chat.Send(new ChatInput(null, "good")));
            var crisis = await chat.Send(new ChatInput("[crisis:Intent] I will do it", null));

            Assert.Contains("unavailable", ordinary.Message, StringComparison.Ordinal);
            Assert.Equal(["tel:911", "tel:988", "sms:988"], crisis.Helplines!.Links.Select(l => l.Href));
            Assert.True(crisis.TherapistAlerted);
            Assert.Single(await grains.GetGrain<ITherapistGrain>(therapistId).GetUnacknowledgedAlerts());
        }
        finally
        {
            faulty.Storage.FailingType = null;
        }
    }

    private sealed class AlertCollector : ITherapistObserver
    {
        public ConcurrentQueue<SessionAlert> Alerts { get; } = new();

        public void OnInboxAlert(SessionAlert alert) => Alerts.Enqueue(alert);
    }
}
