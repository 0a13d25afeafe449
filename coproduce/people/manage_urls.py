app_name = "people_manage"

urlpatterns = []
