using Microsoft.Extensions.Localization;

// The assembly is named dwx (the command's name); resources are embedded under the DecentWork namespace.
[assembly: RootNamespace("DecentWork")]

namespace DecentWork;

/// <summary>Marker for the UI strings in Resources/SharedResource.*.resx (one file per UI language).</summary>
public sealed class SharedResource;
