using EmoteCare.Grains.Conversation;
using EmoteCare.Grains.Interfaces;
using EmoteCare.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmoteCare.Grains.Tests.Conversation;

/// <summary>The chat never depends on the text model: a missing or failing model means no reflection, not a failed turn.</summary>
public sealed class EmotionReaderTests
{
    [Fact]
    public void Reads_the_strongest_emotion_and_none_for_neutral()
    {
        var reader = Reader(services => services.AddSingleton<ITextEmotionClassifier, MarkerEmotionClassifier>());

        Assert.Equal(Emotion.Sad, reader.Strongest("so [emotion:Sad] today"));
        Assert.Null(reader.Strongest("the bus was late"));
    }

    [Fact]
    public void A_model_that_cannot_be_opened_or_fails_reads_nothing_instead_of_failing_the_turn()
    {
        var missing = Reader(services => services.AddSingleton<ITextEmotionClassifier>(_ => throw new FileNotFoundException("no model")));
        var failing = Reader(services => services.AddSingleton<ITextEmotionClassifier, FailingClassifier>());

        Assert.Null(missing.Strongest("[emotion:Sad]"));
        Assert.Null(failing.Strongest("[emotion:Sad]"));
    }

    private static EmotionReader Reader(Action<IServiceCollection> register)
    {
        var services = new ServiceCollection();
        register(services);
        return new EmotionReader(services.BuildServiceProvider(), NullLogger<EmotionReader>.Instance);
    }

    private sealed class FailingClassifier : ITextEmotionClassifier
    {
        public TextEmotionResult Classify(string text) => throw new InvalidOperationException("broken");
    }
}
