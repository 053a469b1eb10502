using EmoteCare.Grains.Interfaces;
using EmoteCare.Text.Crisis;

namespace EmoteCare.Text.Tests.Crisis;

/// <summary>The deterministic layer alone: a model that never flags stands in for the trained one.</summary>
public sealed class CrisisPatternTests
{
    private static readonly CrisisDetector Patterns = new(ModelFiles.Silent());

    [Theory]
    [InlineData("I want to kill myself", "kill-myself", CrisisSignal.SuicidalThoughts)]
    [InlineData("honestly might kms", "kms", CrisisSignal.SuicidalThoughts)]
    [InlineData("I want to end myself", "kill-myself", CrisisSignal.SuicidalThoughts)]
    [InlineData("thinking of offing myself", "kill-myself", CrisisSignal.SuicidalThoughts)]
    [InlineData("been thinking about unaliving myself", "unalive", CrisisSignal.SuicidalThoughts)]
    [InlineData("sewerslide hours", "suicidal", CrisisSignal.SuicidalThoughts)]
    [InlineData("I wish I was dead", "wish-i-were-dead", CrisisSignal.WishToBeDead)]
    [InlineData("I don't want to live anymore", "not-want-to-live", CrisisSignal.WishToBeDead)]
    [InlineData("I don't want to live in this world", "not-want-to-live", CrisisSignal.WishToBeDead)]
    [InlineData("I hope I don't wake up", "never-wake-up", CrisisSignal.WishToBeDead)]
    [InlineData("I don't want to wake up tomorrow", "never-wake-up", CrisisSignal.WishToBeDead)]
    [InlineData("i just want to end it", "end-my-life", CrisisSignal.SuicidalThoughts)]
    [InlineData("I want to end it without anyone knowing", "end-my-life", CrisisSignal.SuicidalThoughts)]
    [InlineData("I don't want to live on this earth", "not-want-to-live", CrisisSignal.WishToBeDead)]
    [InlineData("life isn't worth living", "nothing-to-live-for", CrisisSignal.WishToBeDead)]
    [InlineData("I've been looking up how many pills it would take", "lethal-amount", CrisisSignal.Method)]
    [InlineData("gonna overdose tonight", "overdose", CrisisSignal.Method)]
    [InlineData("I keep thinking about jumping off the bridge", "jump-from", CrisisSignal.Method)]
    [InlineData("I'm going to end it tonight", "intent", CrisisSignal.Intent)]
    [InlineData("I've picked the day I'll take my own life", "plan", CrisisSignal.Plan)]
    [InlineData("I wrote a goodbye letter", "note", CrisisSignal.PreparatoryBehaviour)]
    [InlineData("I've been giving away my things", "giving-away", CrisisSignal.PreparatoryBehaviour)]
    [InlineData("I've been stockpiling my sleeping pills", "gathering-pills", CrisisSignal.PreparatoryBehaviour)]
    [InlineData("I tried to end my life in March", "attempt", CrisisSignal.PreparatoryBehaviour)]
    [InlineData("I cut myself last night", "cutting", CrisisSignal.SelfHarm)]
    [InlineData("relapsed on sh", "self-harm", CrisisSignal.SelfHarm)]
    [InlineData("I burned myself with a cigarette", "burning", CrisisSignal.SelfHarm)]
    [InlineData("everyone hates me and I should just die", "should-just-die", CrisisSignal.WishToBeDead)]
    [InlineData("I feel like dying", "should-just-die", CrisisSignal.WishToBeDead)]
    [InlineData("I drank bleach", "drank-poison", CrisisSignal.PreparatoryBehaviour)]
    [InlineData("I'm scared I might do something to myself", "something-to-myself", CrisisSignal.SelfHarm)]
    public void A_pattern_names_its_rule_and_signal(string text, string rule, CrisisSignal signal)
    {
        var assessment = Patterns.Assess(text);

        Assert.Contains(rule, assessment.Matches);
        Assert.Contains(signal, assessment.Signals);
    }

    [Theory]
    [InlineData("this traffic is killing me")]
    [InlineData("I could kill for a coffee")]
    [InlineData("dying to see it")]
    [InlineData("I'm dead tired")]
    [InlineData("kill the process and restart")]
    [InlineData("my feet are killing me")]
    [InlineData("kys")]
    [InlineData("I would never kill myself")]
    [InlineData("I'm not suicidal")]
    [InlineData("I don't want to die")]
    [InlineData("I'm not going to hurt myself")]
    [InlineData("my sister attempted suicide last year")]
    [InlineData("she has been self harming")]
    [InlineData("a man jumped from the bridge downtown")]
    [InlineData("rising overdose deaths in the news")]
    [InlineData("I used to self harm, three years clean now")]
    [InlineData("Years ago I was suicidal, now I'm doing well")]
    [InlineData("My therapist asked whether I'd thought about suicide and I said no")]
    [InlineData("I don't want to wake up to that noise again")]
    [InlineData("I burned myself on the oven")]
    [InlineData("I'm going to end it with him")]
    [InlineData("we went bungee jumping off a bridge")]
    [InlineData("We ran 10 kms today")]
    [InlineData("how many kms is it to the coast")]
    [InlineData("I want to die my hair blue")]
    [InlineData("many men should die trying")]
    [InlineData("")]
    public void Idioms_negations_other_people_and_a_resolved_past_are_not_a_crisis(string text) =>
        Assert.Empty(Patterns.Assess(text).Signals);

    [Theory]
    [InlineData("I'm not okay and I want to die")]
    [InlineData("I don't know why I want to die")]
    [InlineData("I can't stop thinking about killing myself")]
    [InlineData("I used to self harm and I started again last night")]
    [InlineData("my mum says I want to die too much, but I do want to die")]
    [InlineData("My therapist asked whether I'd thought about suicide and I said yes")]
    public void A_negation_or_other_person_that_does_not_govern_the_statement_does_not_hide_it(string text) =>
        Assert.True(Patterns.Assess(text).IsCrisis);

    [Fact]
    public void Signals_are_listed_most_serious_first()
    {
        var assessment = Patterns.Assess("I want to die. I've written my note and I'm going to kill myself tonight.");

        Assert.Equal([CrisisSignal.PreparatoryBehaviour, CrisisSignal.Intent, CrisisSignal.SuicidalThoughts, CrisisSignal.WishToBeDead], assessment.Signals);
    }

    [Fact]
    public void Many_threads_get_the_same_answers()
    {
        string[] texts = ["I want to die", "this traffic is killing me", "I'm going to end it all", "nice weather"];
        var expected = texts.Select(t => Patterns.Assess(t).IsCrisis).ToArray();

        Parallel.For(0, 4000, i => Assert.Equal(expected[i % texts.Length], Patterns.Assess(texts[i % texts.Length]).IsCrisis));
    }
}
