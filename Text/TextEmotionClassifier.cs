using System.Collections.Concurrent;
using System.Security.Cryptography;
using EmoteCare.Grains.Interfaces;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EmoteCare.Text;

/// <summary>
/// The text emotion model (<c>models/emotion-text.onnx</c>) run by ONNX Runtime on one thread per call. Thread safe:
/// each concurrent call takes its own set of pinned buffers and I/O binding from a pool, so steady-state calls allocate
/// only the result they return.
/// </summary>
public sealed class TextEmotionClassifier : ITextEmotionClassifier, IDisposable
{
    private static readonly IReadOnlyList<Emotion> NeutralOnly = Array.AsReadOnly([Emotion.Neutral]);

    private readonly InferenceSession _session;
    // ORT only reads it during a run, so concurrent runs may share it.
    private readonly RunOptions _runOptions = new();
    private readonly ConcurrentBag<RunBuffers> _pool = [];
    private readonly int[] _outputIndexOfEmotion = new int[Emotions.Count];
    private bool _disposed;

    private TextEmotionClassifier(InferenceSession session, TextEmotionModelInfo model, TextTokenizer tokenizer)
    {
        _session = session;
        Model = model;
        Tokenizer = tokenizer;
        for (var i = 0; i < model.Classes.Count; i++)
        {
            _outputIndexOfEmotion[(int)model.Classes[i]] = i;
        }
    }

    /// <summary>The sidecar's description of the model.</summary>
    public TextEmotionModelInfo Model { get; }

    /// <summary>The tokenizer over the model's vocabulary.</summary>
    public TextTokenizer Tokenizer { get; }

    /// <summary>
    /// Opens <paramref name="modelPath"/> with the sidecar JSON and the vocabulary file beside it, after checking both
    /// files against the sidecar's SHA-256 and the graph's input and output against the sidecar.
    /// </summary>
    /// <exception cref="InvalidDataException">A checksum, the sidecar or the graph does not match.</exception>
    public static TextEmotionClassifier Open(string modelPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        var model = TextEmotionModelInfo.Load(modelPath);
        VerifySha256(modelPath, model.Sha256, "the model");
        var vocabularyPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelPath))!, model.VocabularyFile);
        VerifySha256(vocabularyPath, model.VocabularySha256, "the vocabulary");
        var tokenizer = TextTokenizer.Load(vocabularyPath);

        // ORT copies the options into the session, so they can go once it exists.
        using var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        var session = new InferenceSession(modelPath, options);
        try
        {
            Validate(session, model, modelPath);
            return new TextEmotionClassifier(session, model, tokenizer);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public TextEmotionResult Classify(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_pool.TryTake(out var buffers))
        {
            buffers = new RunBuffers(_session, Model);
        }

        var scores = new float[Emotions.Count];
        try
        {
            var count = Tokenizer.Encode(text, buffers.Ids);
            var output = buffers.Run(_session, _runOptions, count);
            for (var e = 0; e < Emotions.Count; e++)
            {
                scores[e] = output[_outputIndexOfEmotion[e]];
            }
        }
        finally
        {
            _pool.Add(buffers);
        }

        return new TextEmotionResult(scores, Detect(scores, Model.Thresholds));
    }

    /// <summary>The emotions whose score reaches their threshold, strongest first; <see cref="Emotion.Neutral"/> alone when none does.</summary>
    public static IReadOnlyList<Emotion> Detect(IReadOnlyList<float> scores, IReadOnlyList<float> thresholds)
    {
        Span<int> passing = stackalloc int[Emotions.Count];
        var count = 0;
        for (var e = 0; e < Emotions.Count; e++)
        {
            if (scores[e] >= thresholds[e])
            {
                // Insertion keeps the few passing classes sorted by score, highest first.
                var at = count++;
                while (at > 0 && scores[passing[at - 1]] < scores[e])
                {
                    passing[at] = passing[at - 1];
                    at--;
                }

                passing[at] = e;
            }
        }

        if (count == 0)
        {
            return NeutralOnly;
        }

        var detected = new Emotion[count];
        for (var i = 0; i < count; i++)
        {
            detected[i] = (Emotion)passing[i];
        }

        return detected;
    }

    /// <summary>Releases the ORT session and the pooled buffers; no call may be in flight.</summary>
    public void Dispose()
    {
        _disposed = true;
        while (_pool.TryTake(out var buffers))
        {
            buffers.Dispose();
        }

        _session.Dispose();
        _runOptions.Dispose();
    }

    private static void VerifySha256(string path, string expected, string what)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The text emotion model's sidecar names {what} file {path}, which does not exist.", path);
        }

        using var stream = File.OpenRead(path);
        var actual = Convert.ToHexStringLower(SHA256.HashData(stream));
        if (actual != expected)
        {
            throw new InvalidDataException($"{path} has SHA-256 {actual}, its sidecar expects {expected}: {what} and the sidecar do not belong together.");
        }
    }

    private static void Validate(InferenceSession session, TextEmotionModelInfo model, string path)
    {
        if (!session.InputMetadata.TryGetValue(model.InputName, out var input) || session.InputMetadata.Count != 1)
        {
            throw new InvalidDataException($"{path}: the sidecar names the single input '{model.InputName}'; the graph has {string.Join(", ", session.InputNames)}.");
        }

        if (input.ElementDataType != TensorElementType.Int64 || input.Dimensions.Length != 2)
        {
            throw new InvalidDataException($"{path}: input '{model.InputName}' is {input.ElementDataType}[{string.Join(",", input.Dimensions)}], expected int64 [batch, tokens].");
        }

        if (!session.OutputMetadata.TryGetValue(model.OutputName, out var output))
        {
            throw new InvalidDataException($"{path}: the sidecar names output '{model.OutputName}'; the graph has {string.Join(", ", session.OutputNames)}.");
        }

        if (output.ElementDataType != TensorElementType.Float || output.Dimensions.Length != 2 || output.Dimensions[1] is not (-1 or Emotions.Count))
        {
            throw new InvalidDataException($"{path}: output '{model.OutputName}' is {output.ElementDataType}[{string.Join(",", output.Dimensions)}], expected float [batch, {Emotions.Count}].");
        }
    }

    /// <summary>One caller's pinned input and output and the I/O binding over them; inputs are cached per token count.</summary>
    private sealed class RunBuffers : IDisposable
    {
        private readonly float[] _output = GC.AllocateArray<float>(Emotions.Count, pinned: true);
        private readonly OrtValue?[] _inputOfLength = new OrtValue?[TextTokenizer.MaxTokens + 1];
        private readonly OrtValue _outputValue;
        private readonly OrtIoBinding _binding;
        private readonly string _inputName;

        public RunBuffers(InferenceSession session, TextEmotionModelInfo model)
        {
            _inputName = model.InputName;
            _outputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _output.AsMemory(), [1, Emotions.Count]);
            _binding = session.CreateIoBinding();
            _binding.BindOutput(model.OutputName, _outputValue);
        }

        public long[] Ids { get; } = GC.AllocateArray<long>(TextTokenizer.MaxTokens, pinned: true);

        public ReadOnlySpan<float> Run(InferenceSession session, RunOptions options, int count)
        {
            var input = _inputOfLength[count] ??= OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, Ids.AsMemory(0, count), [1, count]);
            _binding.BindInput(_inputName, input);
            session.RunWithBinding(options, _binding);
            return _output;
        }

        public void Dispose()
        {
            _binding.Dispose();
            _outputValue.Dispose();
            foreach (var value in _inputOfLength)
            {
                value?.Dispose();
            }
        }
    }
}
