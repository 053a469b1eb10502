using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Text.Tests;

/// <summary>The classifier on the hand-set stand-in model, whose answers are known exactly.</summary>
public sealed class TextEmotionClassifierTests : IDisposable
{
    private readonly TextEmotionClassifier _classifier = TextEmotionClassifier.Open(TestPaths.TestModel);

    public void Dispose() => _classifier.Dispose();

    [Fact]
    public void Scores_follow_the_model_and_detected_holds_the_classes_over_threshold_strongest_first()
    {
        var result = _classifier.Classify("Wow, I am SO angry!");

        Assert.Equal(Emotions.Count, result.Scores.Count);
        Assert.Equal(0.9f, result.Scores[(int)Emotion.Angry]);
        Assert.Equal(0.8f, result.Scores[(int)Emotion.Surprise]);
        Assert.Equal(0.6f, result.Scores[(int)Emotion.Happy]);
        Assert.Equal(0.05f, result.Scores[(int)Emotion.Fear]);
        Assert.Equal([Emotion.Angry, Emotion.Surprise, Emotion.Happy], result.Detected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \t\n  ")]
    [InlineData("Привет мир, 東京")]
    [InlineData("nothing known here")]
    public void Text_with_no_known_word_is_neutral(string text)
    {
        var result = _classifier.Classify(text);

        Assert.Equal([Emotion.Neutral], result.Detected);
        Assert.All(result.Scores, s => Assert.Equal(0.05f, s));
    }

    [Fact]
    public void Only_the_first_tokens_up_to_the_cap_are_read()
    {
        var filler = string.Concat(Enumerable.Repeat("blah ", TextTokenizer.MaxTokens));

        Assert.Equal([Emotion.Neutral], _classifier.Classify(filler + "angry").Detected);
        Assert.Equal([Emotion.Angry], _classifier.Classify("angry " + filler + new string('x', 1_000_000)).Detected);
    }

    [Fact]
    public void Concurrent_calls_give_the_answers_of_sequential_ones()
    {
        string[] texts = ["angry", "so gross", "scared now", "happy happy", "sad", "wow", "ok then", "", "thanks [NAME]", "furious and sad"];
        var expected = texts.Select(t => _classifier.Classify(t)).ToArray();

        var mismatches = 0;
        Parallel.For(0, 4_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var index = i % texts.Length;
            var result = _classifier.Classify(texts[index]);
            if (!result.Scores.SequenceEqual(expected[index].Scores) || !result.Detected.SequenceEqual(expected[index].Detected))
            {
                Interlocked.Increment(ref mismatches);
            }
        });

        Assert.Equal(0, mismatches);
    }

    [Fact]
    public void A_steady_call_allocates_only_its_result()
    {
        _classifier.Classify("wow I am angry");
        var before = GC.GetAllocatedBytesForCurrentThread();
        const int calls = 200;
        for (var i = 0; i < calls; i++)
        {
            _classifier.Classify("wow I am angry");
        }

        var perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / calls;
        // The result record, its score array and its detected array come to ~200 bytes; anything per token or per
        // run (strings, ORT values, buffers) would be far more.
        Assert.InRange(perCall, 1, 400);
    }

    [Fact]
    public void Detect_falls_back_to_neutral_and_orders_by_score()
    {
        float[] thresholds = [0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f];

        Assert.Equal([Emotion.Neutral], TextEmotionClassifier.Detect([0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.4f], thresholds));
        Assert.Equal([Emotion.Sad, Emotion.Fear, Emotion.Angry], TextEmotionClassifier.Detect([0.5f, 0.1f, 0.7f, 0.1f, 0.9f, 0.1f, 0.1f], thresholds));
    }

    [Fact]
    public void A_null_text_is_refused()
    {
        Assert.Throws<ArgumentNullException>(() => _classifier.Classify(null!));
    }
}
