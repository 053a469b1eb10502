using EmoteCare.Grains.Interfaces;
using EmoteCare.Vision.Classification;

namespace EmoteCare.Vision.Tests.Classification;

public sealed class EmotionModelInfoTests
{
    private const string Valid = """
        {
          "version": "2024.1",
          "input": { "name": "input", "channels": 1, "height": 48, "width": 48, "pixel_range": [0, 255] },
          "normalization": { "inside_graph": true, "mean": 128, "std": 64 },
          "output": { "name": "logits", "kind": "logits" },
          "classes": ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"],
          "temperature": 1.3,
          "cost": { "gflops_per_face": 0.2785 },
          "training_data": "FER2013 train split"
        }
        """;

    [Fact]
    public void Sidecar_of_the_project_contract_parses_into_the_model_description()
    {
        var info = EmotionModelInfo.Parse(Valid, "test.json");

        Assert.Equal("input", info.InputName);
        Assert.Equal("logits", info.OutputName);
        Assert.Equal((48, 48), (info.InputHeight, info.InputWidth));
        Assert.Equal(1, info.Channels);
        Assert.Equal((0f, 255f), (info.PixelMin, info.PixelMax));
        Assert.Equal(Enum.GetValues<Emotion>(), info.Classes);
        Assert.Equal(EmotionModelOutput.Logits, info.Output);
        Assert.Equal(1.3f, info.Temperature);
        Assert.Equal("2024.1", info.Version);
        Assert.Equal(0.2785, info.GflopsPerFace);
        Assert.Null(info.CallerNormalisation);
        Assert.Equal("FER2013 train split", info.TrainingData);
    }

    [Fact]
    public void The_committed_models_sidecar_parses()
    {
        var info = EmotionModelInfo.Load(Path.Combine(TestPaths.RepositoryRoot, "models", "emotion-fer.onnx"));

        Assert.Equal(Enum.GetValues<Emotion>(), info.Classes);
        Assert.Equal((48, 48), (info.InputHeight, info.InputWidth));
        Assert.Null(info.CallerNormalisation);
        Assert.True(info.Temperature > 0);
    }

    [Fact]
    public void Normalisation_is_applied_by_the_caller_only_when_the_sidecar_says_the_graph_does_not()
    {
        var byCaller = EmotionModelInfo.Parse(Valid.Replace("\"inside_graph\": true", "\"inside_graph\": false", StringComparison.Ordinal), "b.json");

        Assert.Null(EmotionModelInfo.Parse(Valid, "a.json").CallerNormalisation);
        Assert.Equal((128f, 64f), byCaller.CallerNormalisation);
    }

    [Theory]
    [InlineData("\"contempt\"", "unknown class \"contempt\"")]
    [InlineData("\"happy\"", "class 'happy' appears twice")]
    public void Class_list_that_is_not_the_FER_set_is_rejected_with_the_reason(string replacement, string reason)
    {
        var json = Valid.Replace("\"angry\"", replacement, StringComparison.Ordinal);

        var error = Assert.Throws<InvalidDataException>(() => EmotionModelInfo.Parse(json, "bad.json"));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("bad.json:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"temperature\": 1.3", "\"temperature\": 0", "'temperature' must be a positive number")]
    [InlineData("\"name\": \"input\", ", "", "'input.name' must be a non-empty string")]
    [InlineData("\"classes\": [\"angry\", ", "\"classes\": [", "'classes' has 6 entries")]
    [InlineData("\"channels\": 1", "\"channels\": 2", "'input.channels' must be 1 or 3")]
    [InlineData("\"height\": 48", "\"height\": 0", "'input.height' must be a positive integer")]
    [InlineData("\"pixel_range\": [0, 255]", "\"pixel_range\": [1, 0]", "'input.pixel_range' must be [min, max]")]
    [InlineData("\"kind\": \"logits\"", "\"kind\": \"scores\"", "'output.kind' must be \"logits\" or \"probabilities\"")]
    [InlineData("\"inside_graph\": true, \"mean\": 128", "\"inside_graph\": false", "needs numeric 'mean'")]
    public void Invalid_sidecar_fields_fail_with_a_clear_message(string find, string replace, string reason)
    {
        var json = Valid.Replace(find, replace, StringComparison.Ordinal);

        var error = Assert.Throws<InvalidDataException>(() => EmotionModelInfo.Parse(json, "bad.json"));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1, 2]", "expected a JSON object")]
    [InlineData("{ \"input_name\": ", "not valid JSON")]
    public void Sidecar_that_is_not_a_JSON_object_is_rejected(string json, string reason)
    {
        var error = Assert.Throws<InvalidDataException>(() => EmotionModelInfo.Parse(json, "bad.json"));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Model_without_a_sidecar_names_the_missing_file()
    {
        var error = Assert.Throws<FileNotFoundException>(() => EmotionModelInfo.Load("/tmp/nowhere/model.onnx"));

        Assert.Contains("/tmp/nowhere/model.json", error.Message, StringComparison.Ordinal);
    }
}
