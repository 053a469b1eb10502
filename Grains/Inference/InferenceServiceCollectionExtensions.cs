using EmoteCare.Vision.Faces;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EmoteCare.Grains.Inference;

/// <summary>Adds the silo's inference path: frame dispatcher, worker pipelines and the pump that drives the workers.</summary>
public static class InferenceServiceCollectionExtensions
{
    /// <summary>Adds inference; <c>Inference</c> in configuration binds <see cref="FrameDispatcherOptions"/>. Call after the grain runtime.</summary>
    public static IServiceCollection AddEmoteCareInference(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<FrameDispatcherOptions>(configuration.GetSection("Inference"));
        services.AddSingleton<FrameDispatcher>();
        services.AddSingleton<FaceTrackStore>();
        services.AddSingleton<FramePipelineFactory>();
        services.AddSingleton<InferenceMetrics>();
        services.AddHostedService<InferencePump>();
        return services;
    }
}
