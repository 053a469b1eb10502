using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Text.Tests;

/// <summary>The committed model (models/emotion-text.onnx) on sentences whose emotion is plain.</summary>
public sealed class CommittedModelTests : IDisposable
{
    private readonly TextEmotionClassifier _classifier = TextEmotionClassifier.Open(TestPaths.CommittedModel);

    public void Dispose() => _classifier.Dispose();

    [Theory]
    [InlineData("I am so angry at him", Emotion.Angry)]
    [InlineData("thank you so much, this is wonderful", Emotion.Happy)]
    [InlineData("I miss her so much, I cried all night", Emotion.Sad)]
    [InlineData("I'm really scared about the surgery tomorrow", Emotion.Fear)]
    [InlineData("that is absolutely disgusting", Emotion.Disgust)]
    [InlineData("Wow, I did not expect that at all!", Emotion.Surprise)]
    public void Plain_sentences_are_read_as_their_emotion(string text, Emotion expected)
    {
        var result = _classifier.Classify(text);

        Assert.Contains(expected, result.Detected);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \n\t ")]
    [InlineData("Je suis très fatigué aujourd'hui 😴 東京")]
    [InlineData("\ud83d lone surrogate")]
    public void Any_text_gets_seven_probabilities_and_at_least_one_emotion(string text)
    {
        var result = _classifier.Classify(text);

        Assert.Equal(Emotions.Count, result.Scores.Count);
        Assert.All(result.Scores, s => Assert.InRange(s, 0f, 1f));
        Assert.NotEmpty(result.Detected);
    }

    [Fact]
    public void A_very_long_message_is_read_up_to_the_cap()
    {
        var text = string.Concat(Enumerable.Repeat("I am so angry at him. ", 20_000));

        var result = _classifier.Classify(text);

        Assert.Contains(Emotion.Angry, result.Detected);
    }

    [Fact]
    public void The_sidecar_describes_the_model_and_its_thresholds()
    {
        Assert.Equal("emotion-text", _classifier.Model.Name);
        Assert.Equal(Emotions.Count, _classifier.Model.Thresholds.Count);
        Assert.All(_classifier.Model.Thresholds, t => Assert.InRange(t, 0.01f, 0.99f));
        Assert.InRange(_classifier.Model.MacroF1 ?? 0, 0.6, 1.0);
    }
}
