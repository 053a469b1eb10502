using EmoteCare.Vision.Onnx;

namespace EmoteCare.Vision.Tests.Onnx;

public sealed class OnnxSessionTests
{
    [Fact]
    public void Runtime_is_the_native_library_of_the_package_version()
    {
        Assert.Equal("1.31.1", OnnxSession.RuntimeVersion);
    }

    [Fact]
    public void Session_reports_input_and_output_names_types_and_dynamic_batch_axis()
    {
        using var session = OnnxSession.Open(TestPaths.EmotionTestModel);

        var input = Assert.Single(session.Inputs);
        Assert.Equal("input", input.Name);
        Assert.Equal(OnnxElementType.Float, input.ElementType);
        Assert.Equal([-1L, 1, 48, 48], input.Shape);
        var output = Assert.Single(session.Outputs);
        Assert.Equal("logits", output.Name);
        Assert.Equal([-1L, 7], output.Shape);
    }

    [Fact]
    public void Batch_axis_accepts_different_batch_sizes_on_one_session()
    {
        using var session = OnnxSession.Open(TestPaths.EmotionTestModel);
        using var outputs = session.CreateOutputs("logits");

        foreach (var batch in new[] { 1, 5, 64 })
        {
            var pixels = new float[batch * 48 * 48];
            pixels.AsSpan().Fill(255f);
            session.Run("input", pixels, [batch, 1, 48, 48], outputs);

            var logits = outputs.GetFloats(0);
            Assert.Equal(batch * 7, logits.Length);
            // The stand-in model maps a white image to "happy" (index 3 in FER order).
            Assert.Equal(3, logits[..7].IndexOf(MaxOf(logits[..7])));
        }
    }

    [Fact]
    public void Missing_model_file_raises_OnnxRuntimeException_with_ORT_error_code()
    {
        var error = Assert.Throws<OnnxRuntimeException>(() => OnnxSession.Open("/nonexistent/model.onnx"));

        Assert.Equal(OrtErrorCode.NoSuchFile, error.ErrorCode);
        Assert.Contains("/nonexistent/model.onnx", error.OrtMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void File_that_is_not_a_model_raises_invalid_protobuf()
    {
        var path = Path.Combine(Path.GetTempPath(), $"not-a-model-{Guid.NewGuid():N}.onnx");
        File.WriteAllText(path, "this is not a protobuf");
        try
        {
            var error = Assert.Throws<OnnxRuntimeException>(() => OnnxSession.Open(path));

            Assert.Equal(OrtErrorCode.InvalidProtobuf, error.ErrorCode);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Unknown_input_name_is_rejected_naming_the_model_inputs()
    {
        using var session = OnnxSession.Open(TestPaths.EmotionTestModel);
        using var outputs = session.CreateOutputs();

        var error = Assert.Throws<ArgumentException>(() => session.Run("pixels", new float[48 * 48], [1, 1, 48, 48], outputs));

        Assert.Contains("no input named 'pixels'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'input'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_output_name_is_rejected_naming_the_model_outputs()
    {
        using var session = OnnxSession.Open(TestPaths.EmotionTestModel);

        var error = Assert.Throws<ArgumentException>(() => session.CreateOutputs("probabilities"));

        Assert.Contains("'logits'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shape_whose_element_count_differs_from_the_buffer_is_rejected_before_ORT_sees_it()
    {
        using var session = OnnxSession.Open(TestPaths.EmotionTestModel);
        using var outputs = session.CreateOutputs();

        Assert.Throws<ArgumentException>(() => session.Run("input", new float[48 * 48], [2, 1, 48, 48], outputs));
    }

    [Fact]
    public void Input_with_wrong_dimensions_surfaces_ORT_invalid_argument()
    {
        using var session = OnnxSession.Open(TestPaths.EmotionTestModel);
        using var outputs = session.CreateOutputs();

        var error = Assert.Throws<OnnxRuntimeException>(() => session.Run("input", new float[48 * 48], [1, 1, 24, 96], outputs));

        Assert.Equal(OrtErrorCode.InvalidArgument, error.ErrorCode);
    }

    [Fact]
    public void Outputs_read_before_any_run_fail_clearly()
    {
        using var session = OnnxSession.Open(TestPaths.EmotionTestModel);
        using var outputs = session.CreateOutputs();

        Assert.Throws<InvalidOperationException>(() => outputs.GetFloats(0).Length);
    }

    [Fact]
    public void Run_after_dispose_throws_ObjectDisposedException()
    {
        var session = OnnxSession.Open(TestPaths.EmotionTestModel);
        var outputs = session.CreateOutputs();
        session.Dispose();

        Assert.Throws<ObjectDisposedException>(() => session.Run("input", new float[48 * 48], [1, 1, 48, 48], outputs));
        outputs.Dispose();
    }

    private static float MaxOf(ReadOnlySpan<float> values)
    {
        var max = float.NegativeInfinity;
        foreach (var v in values)
        {
            max = Math.Max(max, v);
        }

        return max;
    }
}
