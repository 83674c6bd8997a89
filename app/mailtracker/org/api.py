from rest_framework import generics, serializers

from mailtracker.org.models import Subsection
from mailtracker.records.selectors import subsections_creatable_by


class SubsectionSerializer(serializers.ModelSerializer):
    section_name = serializers.CharField(source="section.name", read_only=True)

    class Meta:
        model = Subsection
        fields = ["id", "name", "section", "section_name"]


class CreatableSubsectionListView(generics.ListAPIView):
    """Subsections in which the logged-in user may register mail."""

    serializer_class = SubsectionSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Subsection.objects.none()
        return subsections_creatable_by(self.request.user)
