using System.Text.Json.Nodes;

namespace EmoteCare.Text.Tests;

/// <summary>A model, sidecar and vocabulary that do not belong together are refused when the classifier opens.</summary>
public sealed class SidecarTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("emotecare-text-").FullName;

    public SidecarTests()
    {
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(TestPaths.TestModel)!, "text-test.*"))
        {
            File.Copy(file, Path.Combine(_folder, Path.GetFileName(file)));
        }
    }

    private string ModelPath => Path.Combine(_folder, "text-test.onnx");

    private string SidecarPath => Path.Combine(_folder, "text-test.json");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_unchanged_copy_opens()
    {
        using var classifier = TextEmotionClassifier.Open(ModelPath);

        Assert.Equal("test-1", classifier.Model.Version);
    }

    [Fact]
    public void A_model_file_that_is_not_the_one_the_sidecar_hashed_is_refused()
    {
        File.AppendAllText(ModelPath, " ");

        var error = Assert.Throws<InvalidDataException>(() => TextEmotionClassifier.Open(ModelPath));
        Assert.Contains("the model and the sidecar do not belong together", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_vocabulary_is_refused()
    {
        File.AppendAllText(Path.Combine(_folder, "text-test.vocab.txt"), "extra\n");

        var error = Assert.Throws<InvalidDataException>(() => TextEmotionClassifier.Open(ModelPath));
        Assert.Contains("the vocabulary and the sidecar do not belong together", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tokenizer.max_tokens", "64", "tokenizer.max_tokens is 64")]
    [InlineData("tokenizer.unknown_id", "3", "tokenizer.unknown_id is 3")]
    [InlineData("tokenizer.kind", "\"bert-wordpiece\"", "tokenizer.kind is 'bert-wordpiece'")]
    [InlineData("thresholds", "[0.5, 0.5, 0.5]", "thresholds has 3 values for 7 classes")]
    [InlineData("thresholds", "[0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1.5]", "thresholds[6] is 1.5")]
    [InlineData("classes", "[\"angry\", \"angry\", \"fear\", \"happy\", \"sad\", \"surprise\", \"neutral\"]", "each of the 7 emotions once")]
    [InlineData("classes", "[\"angry\", \"disgust\", \"fear\", \"joy\", \"sad\", \"surprise\", \"neutral\"]", "classes holds \"joy\"")]
    [InlineData("sha256", "\"ABC\"", "sha256 is not 64 lower-case hex digits")]
    public void A_sidecar_that_does_not_fit_this_build_is_refused_with_the_reason(string field, string json, string reason)
    {
        Rewrite(field, JsonNode.Parse(json));

        var error = Assert.Throws<InvalidDataException>(() => TextEmotionClassifier.Open(ModelPath));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains(SidecarPath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_input_name_the_graph_lacks_is_refused()
    {
        Rewrite("input.name", JsonValue.Create("tokens"));

        var error = Assert.Throws<InvalidDataException>(() => TextEmotionClassifier.Open(ModelPath));
        Assert.Contains("the sidecar names the single input 'tokens'; the graph has input_ids", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_sidecar_is_named()
    {
        File.Delete(SidecarPath);

        var error = Assert.Throws<FileNotFoundException>(() => TextEmotionClassifier.Open(ModelPath));
        Assert.Contains(SidecarPath, error.Message, StringComparison.Ordinal);
    }

    private void Rewrite(string dottedField, JsonNode? value)
    {
        var root = JsonNode.Parse(File.ReadAllText(SidecarPath))!;
        var parts = dottedField.Split('.');
        var parent = parts[..^1].Aggregate(root, (node, part) => node[part]!);
        parent[parts[^1]] = value;
        File.WriteAllText(SidecarPath, root.ToJsonString());
    }
}
