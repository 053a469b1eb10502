namespace EmoteCare.Evaluate.Tests;

/// <summary>The faces command on small generated folders, scored by the hand-set stand-in model.</summary>
public sealed class FacesCommandTests : IDisposable
{
    private readonly TemporaryFaceFolder _faces = new();

    public void Dispose() => _faces.Dispose();

    [Fact]
    public void Class_folders_match_the_sidecar_names_in_any_case_and_the_report_follows_the_sidecar_order()
    {
        _faces.AddUniform("Happy", "a.png", 255);
        _faces.AddUniform("Happy", "b.png", 250);
        _faces.AddUniform("SAD", "a.png", 0);
        _faces.AddUniform("neutral", "a.png", 128);

        var run = EvaluationOutput.Run("faces", _faces.Root, "--model", TestPaths.EmotionTestModel);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"], run.MatrixClasses);
        Assert.Equal(["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"], run.ImagesPerClass.Keys);
        Assert.Equal([0, 0, 0, 2, 1, 0, 1], run.ImagesPerClass.Values);
        Assert.Equal([0, 0, 0, 2, 0, 0, 0], run.Confusion[3]);
        Assert.Equal([0, 0, 0, 0, 1, 0, 0], run.Confusion[4]);
        Assert.Equal([0, 0, 0, 0, 0, 0, 1], run.Confusion[6]);
        Assert.Equal("accuracy: 1.0000 (n=4)", run.LastLine);
    }

    [Fact]
    public void Images_of_another_size_are_resized_to_the_model_input()
    {
        _faces.AddUniform("happy", "large.png", 255, width: 96, height: 64);
        _faces.AddUniform("sad", "small.png", 0, width: 24, height: 30);

        var run = EvaluationOutput.Run("faces", _faces.Root, "--model", TestPaths.EmotionTestModel);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("accuracy: 1.0000 (n=2)", run.LastLine);
    }

    [Fact]
    public void An_unreadable_image_is_counted_and_named_without_stopping_the_run()
    {
        _faces.AddUniform("happy", "good.png", 255);
        var broken = _faces.AddFile("happy", "broken.jpg", [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]);
        _faces.AddFile("happy", "notes.txt", "not an image"u8.ToArray());

        var run = EvaluationOutput.Run("faces", _faces.Root, "--model", TestPaths.EmotionTestModel);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(1, run.Unreadable);
        Assert.Contains(run.Lines, l => l.StartsWith("  " + broken + ": ", StringComparison.Ordinal));
        Assert.Equal("accuracy: 1.0000 (n=1)", run.LastLine);
    }

    [Fact]
    public void The_limit_per_class_takes_the_first_files_by_name()
    {
        _faces.AddUniform("happy", "1.png", 255);
        _faces.AddUniform("happy", "2.png", 255);
        _faces.AddUniform("happy", "3.png", 0); // would be wrong, but falls outside the limit

        var run = EvaluationOutput.Run("faces", _faces.Root, "--model", TestPaths.EmotionTestModel, "--limit-per-class", "2");

        Assert.Equal(2, run.ImagesPerClass["happy"]);
        Assert.Equal("accuracy: 1.0000 (n=2)", run.LastLine);
    }

    [Fact]
    public void Batches_smaller_than_the_folder_give_the_same_counts_with_and_without_flip()
    {
        for (var i = 0; i < 5; i++)
        {
            _faces.AddUniform("happy", $"{i}.png", 255);
            _faces.AddUniform("sad", $"{i}.png", 0);
        }

        var plain = EvaluationOutput.Run("faces", _faces.Root, "--model", TestPaths.EmotionTestModel, "--batch", "3");
        var flipped = EvaluationOutput.Run("faces", _faces.Root, "--model", TestPaths.EmotionTestModel, "--batch", "3", "--flip");

        Assert.Equal("accuracy: 1.0000 (n=10)", plain.LastLine);
        Assert.Equal("accuracy: 1.0000 (n=10)", flipped.LastLine);
        Assert.Contains(flipped.Lines, l => l.Contains("4 ORT calls of up to 6 crops", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_class_folder_is_an_error_naming_it_and_the_known_classes()
    {
        _faces.AddUniform("happy", "a.png", 255);
        _faces.AddUniform("contempt", "a.png", 128);

        var run = EvaluationOutput.Run("faces", _faces.Root, "--model", TestPaths.EmotionTestModel);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("'contempt'", run.Error, StringComparison.Ordinal);
        Assert.Contains("angry, disgust, fear, happy, sad, surprise, neutral", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public void A_missing_folder_is_an_error_naming_it()
    {
        var missing = Path.Combine(_faces.Root, "nowhere");

        var run = EvaluationOutput.Run("faces", missing, "--model", TestPaths.EmotionTestModel);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"image folder not found: {missing}", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_model_is_an_error_naming_it()
    {
        _faces.AddUniform("happy", "a.png", 255);
        var missing = Path.Combine(_faces.Root, "absent.onnx");

        var run = EvaluationOutput.Run("faces", _faces.Root, "--model", missing);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"model not found: {missing}", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_images_is_an_error()
    {
        Directory.CreateDirectory(Path.Combine(_faces.Root, "happy"));

        var run = EvaluationOutput.Run("faces", _faces.Root, "--model", TestPaths.EmotionTestModel);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no images in", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData()]
    [InlineData("evaluate", "x")]
    [InlineData("faces")]
    [InlineData("faces", "x", "--limit-per-class", "0")]
    [InlineData("faces", "x", "--model")]
    [InlineData("faces", "x", "y")]
    [InlineData("faces", "x", "--unknown")]
    public void A_malformed_command_line_prints_usage_and_exits_with_2(params string[] args)
    {
        var run = EvaluationOutput.Run(args);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("usage:", run.Error, StringComparison.Ordinal);
    }
}
