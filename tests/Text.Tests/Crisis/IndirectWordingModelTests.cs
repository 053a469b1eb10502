using System.Diagnostics;
using System.Text.Json;
using EmoteCare.Grains.Interfaces;
using EmoteCare.Text.Crisis;

namespace EmoteCare.Text.Tests.Crisis;

public sealed class IndirectWordingModelTests
{
    private static readonly IndirectWordingModel Committed = IndirectWordingModel.LoadEmbedded();

    public static TheoryData<int> GoldenCases() => new(Enumerable.Range(0, Golden().GetProperty("cases").GetArrayLength()));

    [Theory]
    [MemberData(nameof(GoldenCases))]
    public void Normalisation_features_and_score_match_the_Python_training_code(int index)
    {
        var golden = Golden().GetProperty("cases")[index];
        var text = golden.GetProperty("text").GetString()!;

        var normalised = CrisisText.Normalise(text);
        Assert.Equal(golden.GetProperty("normalised").GetString(), normalised);

        var buckets = new int[IndirectWordingFeatures.MaxFeatures(normalised.Length)];
        var counts = buckets.AsSpan(0, IndirectWordingFeatures.Extract(normalised, buckets)).ToArray()
            .GroupBy(b => b).Select(g => new[] { g.Key, g.Count() }).OrderBy(p => p[0]).ToArray();
        var expected = golden.GetProperty("buckets").EnumerateArray().Select(p => new[] { p[0].GetInt32(), p[1].GetInt32() }).ToArray();
        Assert.Equal(expected, counts);

        Assert.Equal(golden.GetProperty("logit").GetDouble(), Committed.Logit(normalised), 9);
    }

    [Fact]
    public async Task The_Python_side_reproduces_the_same_golden_file()
    {
        var root = CrisisTestData.RepositoryRoot ?? throw new InvalidOperationException("no repository root above the test binaries");
        var python = new ProcessStartInfo("python3", ["-m", "unittest", "-q", "test_crisis_text"])
        {
            WorkingDirectory = Path.Combine(root, "models", "training", "crisis"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        python.Environment["PYTHONDONTWRITEBYTECODE"] = "1";

        using var process = Process.Start(python)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, $"python3 test_crisis_text failed:\n{await stdout}\n{stderr}");
    }

    [Fact]
    public void The_committed_model_flags_indirect_wording_and_not_ordinary_chat()
    {
        Assert.True(Committed.IsIndirect(CrisisText.Normalise("everyone would be better off without me")));
        Assert.False(Committed.IsIndirect(CrisisText.Normalise("the weather was lovely at the beach today")));
    }

    [Fact]
    public void One_indirect_sentence_in_a_long_entry_is_not_diluted()
    {
        var filler = string.Concat(Enumerable.Repeat("Today I went to the shops and bought bread and milk, then I walked the dog in the park. ", 8));
        var entry = filler + "Honestly everyone would be better off without me. " + filler;

        Assert.True(Committed.IsIndirect(CrisisText.Normalise(entry)));
        Assert.False(Committed.IsIndirect(CrisisText.Normalise(filler + filler)));
    }

    [Fact]
    public void The_patterns_flag_a_crisis_without_the_model()
    {
        var detector = new CrisisDetector(ModelFiles.Silent());

        Assert.Equal([CrisisSignal.SuicidalThoughts], detector.Assess("I want to kill myself").Signals);
        Assert.Empty(detector.Assess("everyone would be better off without me").Signals);
    }

    [Fact]
    public void The_detector_reports_the_model_by_its_own_signal_and_match_name()
    {
        var assessment = new CrisisDetector(Committed).Assess("everyone would be better off without me");

        Assert.Equal([CrisisSignal.IndirectWording], assessment.Signals);
        Assert.Equal([CrisisDetector.IndirectWordingMatch], assessment.Matches);
    }

    [Theory]
    [InlineData(1 << 16, null, IndirectWordingFeatures.MaxTokenLength, null, 0.5, "other features")]
    [InlineData(IndirectWordingFeatures.Buckets, new[] { 2, 3 }, IndirectWordingFeatures.MaxTokenLength, null, 0.5, "other features")]
    [InlineData(IndirectWordingFeatures.Buckets, null, 16, null, 0.5, "other features")]
    [InlineData(IndirectWordingFeatures.Buckets, null, IndirectWordingFeatures.MaxTokenLength, 12, 0.5, "bytes of weights")]
    [InlineData(IndirectWordingFeatures.Buckets, null, IndirectWordingFeatures.MaxTokenLength, null, 1.5, "not a probability")]
    public void A_model_that_does_not_fit_the_code_is_refused_with_the_reason(int buckets, int[]? ngrams, int maxToken, int? weightBytes, double threshold, string reason)
    {
        var error = Assert.Throws<InvalidDataException>(() => IndirectWordingModel.Load(ModelFiles.Json(buckets, ngrams, maxToken, weightBytes, threshold)));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_JSON_is_refused_as_such()
    {
        var error = Assert.Throws<InvalidDataException>(() => IndirectWordingModel.Load(new MemoryStream("{\"features\":{}}"u8.ToArray())));

        Assert.Contains("malformed", error.Message, StringComparison.Ordinal);
    }

    private static JsonElement Golden()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(CrisisTestData.Folder, "features.golden.json")));
        return document.RootElement.Clone();
    }
}
