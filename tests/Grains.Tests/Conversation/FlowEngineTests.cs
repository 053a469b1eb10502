using EmoteCare.Grains.Conversation;
using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Grains.Tests.Conversation;

/// <summary>The flow engine without a cluster: routing, repair, commands, the crisis interrupt and the safety flow.</summary>
public sealed class FlowEngineTests
{
    private static readonly FlowEngine Engine = new(FlowSet.LoadEmbedded(), new FakeScreener());
    private static readonly TurnContext WithTherapist = new(HasTherapist: true);
    private static readonly TurnContext WithoutTherapist = new(HasTherapist: false);

    private static PatientTurn Tap(string choiceId) => new(null, choiceId, [], null, true);

    private static PatientTurn Say(string text, Emotion? emotion = null, bool english = true, params CrisisSignal[] signals) => new(text, null, signals, emotion, english);

    [Fact]
    public void The_greeting_says_up_front_that_a_crisis_alerts_the_therapist_and_then_asks_how_they_feel()
    {
        var position = new ConversationPosition();

        var outcome = Engine.Open(position, WithTherapist);

        Assert.Contains(outcome.Messages, m => m.Contains("tell your therapist at once, with a short quote", StringComparison.Ordinal));
        Assert.Contains(outcome.Messages, m => m.Contains("stop, help or talk to a person", StringComparison.Ordinal));
        Assert.Equal("How are you feeling today?", outcome.Messages[^1]);
        Assert.Equal("checkin", position.Node);
        Assert.Contains(outcome.Choices, c => c.Label == "Low");
        Assert.False(outcome.RaiseCrisisAlert);
    }

    [Fact]
    public void Without_a_therapist_the_greeting_names_the_on_call_therapist()
    {
        var outcome = Engine.Open(new ConversationPosition(), WithoutTherapist);

        Assert.Contains(outcome.Messages, m => m.Contains("tell a therapist on call at once", StringComparison.Ordinal));
    }

    [Fact]
    public void Typed_feelings_are_reflected_hedged_with_the_emotion_the_model_read()
    {
        var position = new ConversationPosition();
        Engine.Open(position, WithTherapist);

        var outcome = Engine.Respond(position, Say("my dog died last week", Emotion.Sad), WithTherapist);

        Assert.Equal("It sounds like you might be feeling sad or low.", outcome.Messages[0]);
        Assert.Equal("checkin.followup", position.Node);
    }

    [Fact]
    public void Box_breathing_comes_with_a_timer_of_four_four_second_phases()
    {
        var position = new ConversationPosition();
        Engine.Open(position, WithTherapist);
        Engine.Respond(position, Tap("stressed"), WithTherapist);

        var outcome = Engine.Respond(position, Tap("breathe"), WithTherapist);

        Assert.NotNull(outcome.Timer);
        Assert.Equal([4, 4, 4, 4], outcome.Timer.Phases.Select(p => p.Seconds));
        Assert.Equal(4, outcome.Timer.Rounds);
        Assert.Equal("stress", position.Concern);
    }

    [Fact]
    public void Grounding_walks_five_four_three_two_one_and_asks_how_they_feel()
    {
        var position = new ConversationPosition();
        Engine.Open(position, WithTherapist);
        Engine.Respond(position, Tap("worried"), WithTherapist);
        var asked = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            asked.AddRange(Engine.Respond(position, Tap(i == 0 ? "ground" : "next"), WithTherapist).Messages);
        }

        var last = Engine.Respond(position, Tap("next"), WithTherapist);

        Assert.Contains(asked, m => m.Contains("five things you can see", StringComparison.Ordinal));
        Assert.Contains(asked, m => m.Contains("one thing you can taste", StringComparison.Ordinal));
        Assert.Equal("How do you feel now?", last.Messages[^1]);
        Assert.Equal("anxiety", position.Concern);
    }

    [Fact]
    public void Something_off_flow_gets_the_repair_line_and_the_same_question_again()
    {
        var position = new ConversationPosition();
        Engine.Open(position, WithTherapist);
        Engine.Respond(position, Tap("talk"), WithTherapist);
        Engine.Respond(position, Say("work"), WithTherapist);
        Engine.Respond(position, Tap("exercise"), WithTherapist);

        var outcome = Engine.Respond(position, Say("purple elephants"), WithTherapist);

        Assert.Equal("I'm not sure I understood that.", outcome.Messages[0]);
        Assert.Equal("coping.menu", position.Node);
        Assert.Equal(5, outcome.Choices.Count);
    }

    [Fact]
    public void Typing_a_choice_label_counts_as_tapping_it()
    {
        var position = new ConversationPosition();
        Engine.Open(position, WithTherapist);

        Engine.Respond(position, Say("Worried."), WithTherapist);

        Assert.Equal("checkin.worried", position.Node);
    }

    [Fact]
    public void Stop_ends_the_conversation_from_anywhere_and_the_next_message_greets_again()
    {
        var position = new ConversationPosition();
        Engine.Open(position, WithTherapist);
        Engine.Respond(position, Tap("low"), WithTherapist);

        var stopped = Engine.Respond(position, Say("Stop!"), WithTherapist);
        var again = Engine.Respond(position, Say("hello"), WithTherapist);

        Assert.True(stopped.Ended);
        Assert.Equal("Okay, we'll stop here.", stopped.Messages[0]);
        Assert.Equal("checkin", position.Node);
        Assert.StartsWith("Hi, I'm the EmoteCare support bot", again.Messages[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Help_lists_what_the_bot_can_do()
    {
        var position = new ConversationPosition();
        Engine.Open(position, WithTherapist);

        var outcome = Engine.Respond(position, Say("help"), WithTherapist);

        Assert.Equal("global.help", position.Node);
        Assert.Contains(outcome.Choices, c => c.Label == "Talk to a person");
    }

    [Fact]
    public void Talk_to_a_person_offers_the_therapist_or_for_patients_without_one_local_services_with_helplines()
    {
        var withTherapist = new ConversationPosition();
        Engine.Open(withTherapist, WithTherapist);
        var alone = new ConversationPosition();
        Engine.Open(alone, WithoutTherapist);

        var offered = Engine.Respond(withTherapist, Say("can I talk to a person please"), WithTherapist);
        var requested = Engine.Respond(withTherapist, Tap("yes"), WithTherapist);
        var local = Engine.Respond(alone, Say("talk to a person"), WithoutTherapist);

        Assert.Equal("global.person.therapist", offered.Node);
        Assert.True(requested.RequestSession);
        Assert.Equal("referral.local", local.Node);
        Assert.True(local.ShowHelplines);
        Assert.False(local.RequestSession);
    }

    [Fact]
    public void A_crisis_signal_interrupts_any_node_alerts_shows_helplines_and_asks_the_screener()
    {
        var position = new ConversationPosition();
        Engine.Open(position, WithTherapist);
        Engine.Respond(position, Tap("exercise"), WithTherapist);

        var outcome = Engine.Respond(position, Say("I want to end it all", signals: CrisisSignal.SuicidalThoughts), WithTherapist);

        Assert.True(outcome.RaiseCrisisAlert);
        Assert.True(outcome.ShowHelplines);
        Assert.True(position.Safety);
        Assert.Contains(outcome.Messages, m => m.Contains("I have let your therapist know", StringComparison.Ordinal));
        Assert.Equal(FakeScreener.Q1, outcome.Messages[^1]);
        Assert.Equal(["yes", "no"], outcome.Choices.Select(c => c.Id));
    }

    [Fact]
    public void One_denial_does_not_close_the_safety_flow()
    {
        var position = new ConversationPosition();
        Engine.Open(position, WithTherapist);
        Engine.Respond(position, Say("I don't want to be here anymore", signals: CrisisSignal.WishToBeDead), WithTherapist);

        var denial = Engine.Respond(position, Say("forget it, I'm fine, just joking"), WithTherapist);
        var stop = Engine.Respond(position, Say("stop"), WithTherapist);

        Assert.True(position.Safety);
        Assert.Equal("Please answer yes or no. If it's hard to answer, you can call a helpline below.", denial.Messages[0]);
        Assert.Equal(FakeScreener.Q1, denial.Messages[^1]);
        Assert.True(denial.ShowHelplines);
        Assert.False(stop.Ended);
        Assert.True(stop.ShowHelplines);
        Assert.True(position.Safety);
    }

    [Fact]
    public void The_safety_flow_closes_only_after_the_screener_and_an_explicit_im_safe()
    {
        var position = new ConversationPosition();
        Engine.Open(position, WithoutTherapist);
        Engine.Respond(position, Say("I have been thinking about killing myself", signals: CrisisSignal.SuicidalThoughts), WithoutTherapist);

        var q2 = Engine.Respond(position, Say("no"), WithoutTherapist);
        var q6 = Engine.Respond(position, Tap("no"), WithoutTherapist);
        var result = Engine.Respond(position, Say("No, never."), WithoutTherapist);
        Assert.True(position.Safety);
        var notSafe = Engine.Respond(position, Tap("no"), WithoutTherapist);
        Assert.True(position.Safety);
        Engine.Respond(position, Tap("ok"), WithoutTherapist);
        var plan = Engine.Respond(position, Tap("yes"), WithoutTherapist);
        Assert.True(position.Safety);
        var closed = Engine.Respond(position, Tap("ok"), WithoutTherapist);

        Assert.Equal(FakeScreener.Q2, q2.Messages[^1]);
        Assert.Equal(FakeScreener.Q6, q6.Messages[^1]);
        Assert.Equal("Are you safe right now?", result.Messages[^1]);
        Assert.Contains(notSafe.Messages, m => m.Contains("call the emergency number now", StringComparison.Ordinal));
        Assert.Equal("safety.plan", plan.Node);
        Assert.False(position.Safety);
        Assert.True(closed.ShowHelplines);
        Assert.Equal("safety.close", closed.Node);
    }

    [Fact]
    public void A_high_risk_answer_urges_emergency_help()
    {
        var position = new ConversationPosition();
        Engine.Open(position, WithTherapist);
        Engine.Respond(position, Say("I have a plan", signals: CrisisSignal.Plan), WithTherapist);
        Engine.Respond(position, Tap("yes"), WithTherapist);
        Engine.Respond(position, Tap("yes"), WithTherapist);
        Engine.Respond(position, Tap("yes"), WithTherapist);

        var result = Engine.Respond(position, Tap("no"), WithTherapist);

        Assert.Contains("Please call the emergency number or a helpline now.", result.Messages);
    }

    [Fact]
    public void In_the_safety_flow_only_a_more_serious_signal_raises_a_new_alert()
    {
        var position = new ConversationPosition();
        Engine.Open(position, WithTherapist);
        Engine.Respond(position, Say("i wish i was dead", signals: CrisisSignal.WishToBeDead), WithTherapist);

        var same = Engine.Respond(position, Say("i still wish i was dead", signals: CrisisSignal.WishToBeDead), WithTherapist);
        var worse = Engine.Respond(position, Say("i bought the pills", signals: CrisisSignal.PreparatoryBehaviour), WithTherapist);

        Assert.False(same.RaiseCrisisAlert);
        Assert.True(worse.RaiseCrisisAlert);
        Assert.Equal(CrisisSignal.PreparatoryBehaviour, position.AlertedSignal);
        Assert.Equal(FakeScreener.Q1, worse.Messages[^1]);
    }

    [Fact]
    public void Sos_takes_the_crisis_path_from_anywhere()
    {
        var position = new ConversationPosition();
        Engine.Open(position, WithTherapist);
        Engine.Respond(position, Tap("exercise"), WithTherapist);

        var outcome = Engine.Sos(position, WithTherapist);

        Assert.True(outcome.RaiseCrisisAlert);
        Assert.True(outcome.ShowHelplines);
        Assert.Equal("You pressed SOS. Help is here.", outcome.Messages[0]);
        Assert.True(position.Safety);
    }

    [Fact]
    public void Non_english_text_gets_the_english_only_answer_and_with_a_crisis_signal_the_crisis_path_too()
    {
        var position = new ConversationPosition();
        Engine.Open(position, WithTherapist);

        var plain = Engine.Respond(position, Say("estoy muy triste hoy", english: false), WithTherapist);
        var crisis = Engine.Respond(position, Say("quiero morir", english: false, signals: CrisisSignal.WishToBeDead), WithTherapist);

        Assert.Equal("Sorry, I understand English only.", plain.Messages[0]);
        Assert.Equal("checkin", plain.Node);
        Assert.False(plain.ShowHelplines);
        Assert.Equal("Sorry, I understand English only.", crisis.Messages[0]);
        Assert.True(crisis.RaiseCrisisAlert);
        Assert.True(crisis.ShowHelplines);
    }

    [Fact]
    public void Open_on_a_conversation_under_way_repeats_the_current_question()
    {
        var position = new ConversationPosition();
        Engine.Open(position, WithTherapist);
        Engine.Respond(position, Tap("low"), WithTherapist);

        var outcome = Engine.Open(position, WithTherapist);

        Assert.Equal("checkin.low", outcome.Node);
        Assert.Equal(["I'm sorry things feel hard today.", "Would you like to tell me more about it?"], outcome.Messages);
    }

    [Fact]
    public void Random_walks_through_every_flow_always_answer_and_never_get_stuck()
    {
        var random = new Random(12);
        var texts = new[] { "hello", "yes", "no", "help", "I feel odd", "talk to a person", "stop", "what?" };
        for (var walk = 0; walk < 300; walk++)
        {
            var position = new ConversationPosition();
            var context = walk % 2 == 0 ? WithTherapist : WithoutTherapist;
            var outcome = Engine.Open(position, context);
            for (var step = 0; step < 40; step++)
            {
                var turn = outcome.Choices.Count > 0 && random.Next(4) > 0
                    ? Tap(outcome.Choices[random.Next(outcome.Choices.Count)].Id)
                    : random.Next(30) == 0
                        ? Say("crisis", signals: CrisisSignal.SuicidalThoughts)
                        : Say(texts[random.Next(texts.Length)], Emotion.Sad);
                outcome = Engine.Respond(position, turn, context);

                Assert.NotEmpty(outcome.Messages);
                Assert.True(outcome.Ended || outcome.Choices.Count > 0 || outcome.AcceptsText, $"Stuck at {outcome.Node}.");
                Assert.True(!position.Safety || outcome.ShowHelplines, $"No helplines in the safety flow at {outcome.Node}.");
            }
        }
    }
}
