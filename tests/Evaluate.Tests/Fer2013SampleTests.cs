namespace EmoteCare.Evaluate.Tests;

/// <summary>The command as documented, on a small FER2013 val sample, with the committed model.</summary>
public sealed class Fer2013SampleTests
{
    private const int PerClass = 10;
    private static readonly string[] FerClasses = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"];

    [FactRequiringFer2013]
    public void Ten_faces_per_class_are_counted_tabulated_and_classified_well_above_chance()
    {
        Assert.True(File.Exists(TestPaths.CommittedModel), $"{TestPaths.CommittedModel} is missing; the evaluation needs the committed model.");

        // No --model: the default, found from the repository root, is what this test is about.
        var run = EvaluationOutput.Run("faces", TestPaths.Fer2013Val, "--limit-per-class", PerClass.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Matches(EvaluationOutput.AccuracyLine(), run.LastLine);
        Assert.Equal(FerClasses.Length * PerClass, run.N);
        Assert.Equal(FerClasses, run.ImagesPerClass.Keys);
        Assert.All(run.ImagesPerClass.Values, count => Assert.Equal(PerClass, count));
        Assert.Equal(FerClasses, run.MatrixClasses);
        Assert.All(run.Confusion, row => Assert.Equal(PerClass, row.Sum()));
        Assert.Equal(run.N, run.Confusion.Sum(row => row.Sum()));
        var diagonal = Enumerable.Range(0, FerClasses.Length).Sum(i => run.Confusion[i][i]);
        Assert.Equal(Math.Round((double)diagonal / run.N, 4), run.Accuracy);
        // Chance is 1/7 (0.14); the committed model scores 0.66 on all of val and 0.64 on this sample.
        Assert.True(run.Accuracy > 0.4, $"accuracy {run.Accuracy} on {run.N} faces is not well above chance");
    }

    [FactRequiringFer2013]
    public void Flip_augmentation_reports_the_same_sample_in_the_same_format()
    {
        var run = EvaluationOutput.Run("faces", TestPaths.Fer2013Val, "--limit-per-class", PerClass.ToString(System.Globalization.CultureInfo.InvariantCulture), "--flip");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Matches(EvaluationOutput.AccuracyLine(), run.LastLine);
        Assert.Equal(FerClasses.Length * PerClass, run.N);
        Assert.Equal(run.N, run.Confusion.Sum(row => row.Sum()));
        Assert.True(run.Accuracy > 0.4, $"accuracy {run.Accuracy} with flip on {run.N} faces is not well above chance");
    }
}
