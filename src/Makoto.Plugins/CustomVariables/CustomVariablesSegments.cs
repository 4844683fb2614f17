using System.Globalization;
using Makoto.Storage.Segments;
using static Makoto.Storage.Segments.SegmentFactory;

namespace Makoto.Plugins.CustomVariables;

/// <summary>
/// The segments of custom variables, as Matomo's CustomVariables plugin names them: the name and value of
/// each of the five visit slots (<c>customVariableName1</c>, <c>customVariableValue1</c>…, on
/// <c>log_visit</c>) and page slots (<c>customVariablePageName1</c>…, on the actions; a visit matches when
/// one of its actions does), and for each of the four, the union of its five slots
/// (<c>customVariableName</c>…).
/// </summary>
internal static class CustomVariablesSegments
{
    private const string Category = "Custom Variables";

    public static SegmentDimension[] All { get; } =
    [
        .. Slots(SegmentScope.Visit, "customVariableName", "Custom Variable name", "visit", "custom_var_k"),
        .. Slots(SegmentScope.Visit, "customVariableValue", "Custom Variable value", "visit", "custom_var_v"),
        .. Slots(SegmentScope.Action, "customVariablePageName", "Custom Variable name", "page", "custom_var_k"),
        .. Slots(SegmentScope.Action, "customVariablePageValue", "Custom Variable value", "page", "custom_var_v"),
    ];

    private static IEnumerable<SegmentDimension> Slots(SegmentScope scope, string segment, string name, string scopeName, string column)
    {
        var members = new string[5];
        for (var slot = 1; slot <= 5; slot++)
        {
            var index = slot.ToString(CultureInfo.InvariantCulture);
            members[slot - 1] = segment + index;
            yield return Column(scope, segment + index, $"{name} {index} (scope {scopeName})", Category, column + index);
        }

        yield return new SegmentDimension
        {
            Segment = segment,
            Name = $"{name} (scope {scopeName})",
            Category = Category,
            Scope = scope,
            UnionOf = members,
        };
    }
}
