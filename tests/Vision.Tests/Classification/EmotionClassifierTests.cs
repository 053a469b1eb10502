using System.Text.Json;
using System.Text.Json.Nodes;
using EmoteCare.Grains.Interfaces;
using EmoteCare.Vision.Classification;
using EmoteCare.Vision.Onnx;

namespace EmoteCare.Vision.Tests.Classification;

public sealed class EmotionClassifierTests
{
    private const int Crop = 48 * 48;

    [Fact]
    public void One_batched_call_classifies_every_face_in_emotion_order()
    {
        using var classifier = EmotionClassifier.Open(TestPaths.EmotionTestModel);
        var crops = Crops(255, 0, 128);
        var probabilities = new float[3 * Emotions.Count];

        classifier.Classify(crops, 3, probabilities);

        var faces = Enumerable.Range(0, 3).Select(i => EmotionProbabilities.FromSpan(probabilities.AsSpan(i * 7, 7))).ToArray();
        Assert.Equal([Emotion.Happy, Emotion.Sad, Emotion.Neutral], faces.Select(f => f.Top()));
        Assert.All(probabilities.Chunk(7), row => Assert.Equal(1f, row.Sum(), 4));
    }

    [Fact]
    public void Class_order_comes_from_the_sidecar()
    {
        // Same graph, but the sidecar claims outputs 3 and 4 are sad and happy: a white face must now read "sad".
        using var swapped = new TemporaryModel(sidecar =>
        {
            var classes = sidecar["classes"]!.AsArray();
            classes[3] = "sad";
            classes[4] = "happy";
        });
        using var classifier = EmotionClassifier.Open(swapped.ModelPath);
        var probabilities = new float[7];

        classifier.Classify(Crops(255), 1, probabilities);

        Assert.Equal(Emotion.Sad, EmotionProbabilities.FromSpan(probabilities).Top());
    }

    [Fact]
    public void Temperature_from_the_sidecar_divides_the_logits_before_softmax()
    {
        using var tempered = new TemporaryModel(sidecar => sidecar["temperature"] = 2.5);
        using var classifier = EmotionClassifier.Open(tempered.ModelPath);
        using var session = OnnxSession.Open(TestPaths.EmotionTestModel);
        using var outputs = session.CreateOutputs();
        var crops = Crops(200);
        var pixels = crops.Select(b => (float)b).ToArray();
        session.Run("input", pixels, [1, 1, 48, 48], outputs);
        var logits = outputs.GetFloats(0).ToArray();
        var probabilities = new float[7];

        classifier.Classify(crops, 1, probabilities);

        var max = logits.Max();
        var expected = logits.Select(z => Math.Exp((z - max) / 2.5)).ToArray();
        var sum = expected.Sum();
        for (var i = 0; i < 7; i++)
        {
            Assert.Equal(expected[i] / sum, probabilities[i], 5);
        }
    }

    [Fact]
    public void Sidecar_input_name_missing_from_the_graph_is_reported_with_the_graph_inputs()
    {
        using var wrong = new TemporaryModel(sidecar => sidecar["input"]!["name"] = "pixels");

        var error = Assert.Throws<InvalidDataException>(() => EmotionClassifier.Open(wrong.ModelPath));

        Assert.Contains("has no input 'pixels'", error.Message, StringComparison.Ordinal);
        Assert.Contains("inputs: input", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sidecar_input_size_that_disagrees_with_the_graph_is_rejected()
    {
        using var wrong = new TemporaryModel(sidecar => (sidecar["input"]!["height"], sidecar["input"]!["width"]) = (64, 64));

        var error = Assert.Throws<InvalidDataException>(() => EmotionClassifier.Open(wrong.ModelPath));

        Assert.Contains("float[N,1,64,64]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Crop_buffer_shorter_than_the_face_count_is_rejected()
    {
        using var classifier = EmotionClassifier.Open(TestPaths.EmotionTestModel);

        Assert.Throws<ArgumentException>(() => classifier.Classify(new byte[Crop], 2, new float[14]));
    }

    [FactRequiringFile("models/emotion-fer.onnx", "fer2013")]
    public void Project_model_and_its_sidecar_load_and_classify_FER_validation_faces()
    {
        var modelPath = Path.Combine(TestPaths.RepositoryRoot, "models", "emotion-fer.onnx");
        using var classifier = EmotionClassifier.Open(modelPath);
        var samples = FerSamples.Validation(perClass: 20);
        var crops = samples.SelectMany(s => s.Pixels).ToArray();
        var probabilities = new float[samples.Count * 7];
        classifier.Classify(crops, samples.Count, probabilities);

        var correct = Enumerable.Range(0, samples.Count)
            .Count(i => EmotionProbabilities.FromSpan(probabilities.AsSpan(i * 7, 7)).Top() == samples[i].Label);
        Assert.True(correct > samples.Count * 0.4, $"{correct}/{samples.Count} correct");
    }

    private static byte[] Crops(params byte[] levels)
    {
        var crops = new byte[levels.Length * Crop];
        for (var i = 0; i < levels.Length; i++)
        {
            crops.AsSpan(i * Crop, Crop).Fill(levels[i]);
        }

        return crops;
    }

    /// <summary>A copy of the stand-in model in a temp folder with an edited sidecar.</summary>
    private sealed class TemporaryModel : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), $"emotion-{Guid.NewGuid():N}");

        public TemporaryModel(Action<JsonObject> edit)
        {
            Directory.CreateDirectory(_folder);
            ModelPath = Path.Combine(_folder, "model.onnx");
            File.Copy(TestPaths.EmotionTestModel, ModelPath);
            var sidecar = JsonNode.Parse(File.ReadAllText(TestPaths.TestData("emotion-test.json")))!.AsObject();
            edit(sidecar);
            File.WriteAllText(Path.ChangeExtension(ModelPath, ".json"), sidecar.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }

        public string ModelPath { get; }

        public void Dispose() => Directory.Delete(_folder, recursive: true);
    }
}
