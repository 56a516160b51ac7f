"""The demo town's information and school: the four sections and a first set of articles, with
images drawn here (no files are shipped). Safe to run again: sections and articles are found by
slug, never duplicated.

Articles are in Chinese, the town's language; English versions come with page translations (see
the issue on information and education)."""

import datetime
import io

from django.core.files.images import ImageFile

from wagtail.images import get_image_model

from PIL import Image, ImageDraw

from home.models import HomePage

from .models import (
    HealthInfoIndexPage,
    HealthInfoPage,
    LawCaseIndexPage,
    LawCasePage,
    NewsIndexPage,
    NewsPage,
    RoleModelIndexPage,
    RoleModelPage,
)

SECTIONS = [
    (NewsIndexPage, "news", "乌镇资讯", "通知公告、便民服务信息和镇里的活动。"),
    (
        LawCaseIndexPage,
        "law-cases",
        "以案说法",
        "身边的真实案例：发生了什么、怎么处理、依据哪条法律。",
    ),
    (HealthInfoIndexPage, "health", "健康知识", "由卫生院审核的健康提示，注明来源和审核日期。"),
    (RoleModelIndexPage, "role-models", "身边榜样", "热心公益、守护家园的乌镇人。"),
]

# slug, kind, title, introduction, tags, days ago
NEWS = [
    (
        "road-works-xinhua",
        "notice",
        "新华路夜间施工通告",
        "11月28日至12月5日每晚22点至次日5点，新华路部分路段封闭施工，请绕行。",
        ["交通"],
        2,
    ),
    (
        "winter-heating-help",
        "service",
        "冬季困难家庭取暖补贴开始申请",
        "符合条件的家庭可在村（社区）便民服务中心申请，12月15日截止。",
        ["民生", "补贴"],
        4,
    ),
    (
        "canal-cleanup-day",
        "event",
        "周六一起清理河道：志愿者招募",
        "本周六上午8点在西栅码头集合，工具由镇里提供，欢迎全家参加。",
        ["志愿服务", "环境"],
        6,
    ),
    (
        "manhole-campaign",
        "notice",
        "全镇开展井盖安全专项排查",
        "各网格管家将在两周内逐一检查辖区井盖，发现小区井盖破损请随手上报。",
        ["市政设施", "安全"],
        9,
    ),
    (
        "bus-timetable",
        "service",
        "镇村公交冬季时刻表调整",
        "自12月1日起，K282路首班车提前至6点发车。",
        ["交通"],
        12,
    ),
    (
        "elderly-canteen",
        "service",
        "民合村老年食堂开业",
        "70岁以上老人每餐只需5元，可提前一天电话预订。",
        ["民生", "养老"],
        15,
    ),
    (
        "fire-drill",
        "event",
        "冬季消防安全演练",
        "本月20日在镇中学举行，演示灭火器使用和家庭逃生路线。",
        ["安全"],
        18,
    ),
    (
        "garbage-sorting",
        "notice",
        "垃圾分类新规明年起实施",
        "厨余垃圾须破袋投放，网格管家将上门讲解。",
        ["环境"],
        22,
    ),
]

LAW_CASES = [
    (
        "illegal-extension",
        "私自加盖楼顶，被责令限期拆除",
        "村民未经审批在自家楼顶加建彩钢房，影响邻居采光，被依法责令拆除。",
        ["违法建筑"],
        "<p>村民王某未办理任何审批手续，在三层住宅楼顶加建约40平方米的彩钢房。邻居反映采光和安全受影响，网格管家上报后，综合行政执法中队现场核查。</p>",
        "<p>执法中队认定该建筑属于未取得建设工程规划许可的违法建筑，责令王某15日内自行拆除；王某按期拆除。</p>",
        "<p>《中华人民共和国城乡规划法》第六十四条、第六十五条。</p>",
        "盖房、加层、搭棚之前，先到村（社区）咨询是否需要审批。违法建筑不仅要拆，还可能被罚款。",
        8,
    ),
    (
        "stall-on-road",
        "占道经营屡劝不改，摊位被暂扣",
        "商户长期在人行道摆摊，经多次劝导仍不整改，执法部门依法暂扣物品。",
        ["占道经营", "交通"],
        "<p>某水果店长期将货架摆到人行道上，行人只能走机动车道。居民多次通过乌镇管家上报。</p>",
        "<p>执法中队先后三次劝导并下达整改通知书，店主仍未整改，遂依法暂扣占道货架，并处以罚款。</p>",
        "<p>《城市市容和环境卫生管理条例》第十七条。</p>",
        "店门前的人行道是大家的路。经营需要空间，可以向镇里申请临时便民摊点。",
        20,
    ),
]

HEALTH = [
    (
        "flu-season",
        "流感高发季，这样保护全家",
        "接种疫苗、勤洗手、出现高热及时就医。",
        "流感",
        ["传染病", "儿童", "老人"],
        "<ol><li>60岁以上老人和6月龄以上儿童尽早接种流感疫苗。</li><li>勤洗手，咳嗽打喷嚏时遮住口鼻。</li><li>高热超过三天或呼吸困难，请立即到卫生院就诊。</li></ol>",
        "<ul><li>国家卫生健康委员会《流感诊疗方案》</li><li>乌镇镇卫生院</li></ul>",
        30,
    ),
    (
        "gas-safety-winter",
        "冬季用气安全：防止一氧化碳中毒",
        "燃气热水器不要装在浴室里，使用时保持通风。",
        "一氧化碳中毒",
        ["安全", "老人"],
        "<ol><li>使用燃气热水器和取暖炉时保持通风。</li><li>出现头晕、恶心，立即开窗并离开房间，拨打120。</li></ol>",
        "<ul><li>桐乡市疾病预防控制中心</li></ul>",
        40,
    ),
]

ROLE_MODELS = [
    (
        "shen-housekeeper",
        "沈阿姨：一年上报问题两百多件的网格管家",
        "退休教师沈阿姨每天沿着网格走一圈，发现问题随手拍、随手报。",
        "沈美玲",
        "民合村",
        "2026年度优秀网格管家",
        ["网格管家"],
        "<p>从井盖松动到路灯不亮，沈阿姨上报的问题九成以上在三天内得到处理。她说：“看到问题解决了，比什么都高兴。”</p>",
        10,
    ),
    (
        "canal-volunteer",
        "守护河道十二年的老船工",
        "每天清晨撑船巡河，捞起漂浮垃圾，劝导乱扔行为。",
        "钱建国",
        "西栅社区",
        "桐乡市最美志愿者",
        ["志愿服务", "环境"],
        "<p>钱师傅十二年如一日地巡河，还带出了一支二十多人的护河志愿队。</p>",
        25,
    ),
]

COLOURS = [(11, 93, 75), (164, 38, 44), (30, 107, 52), (138, 75, 0), (40, 70, 140), (90, 60, 120)]


def _image(title: str, index: int):
    """A simple drawn picture (canal-green stripes and a sun), made once per title."""
    Image_ = get_image_model()
    existing = Image_.objects.filter(title=title).first()
    if existing:
        return existing
    colour = COLOURS[index % len(COLOURS)]
    picture = Image.new("RGB", (1200, 675), colour)
    draw = ImageDraw.Draw(picture)
    for band in range(6):
        shade = tuple(min(255, c + 18 * band) for c in colour)
        draw.rectangle([0, 400 + band * 46, 1200, 446 + band * 46], fill=shade)
    draw.ellipse([900, 80, 1060, 240], fill=(255, 214, 102))
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=80)
    return Image_.objects.create(
        title=title, file=ImageFile(io.BytesIO(buffer.getvalue()), name=f"demo-{index}.jpg")
    )


def _publish(parent, page, tags):
    parent.add_child(instance=page)
    page.tags.add(*tags)
    page.save_revision().publish()


def seed(*, stdout) -> dict[str, int]:
    home = HomePage.objects.first()
    today = datetime.date.today()
    sections = {}
    for model, slug, title, introduction in SECTIONS:
        section = model.objects.filter(slug=slug).first()
        if section is None:
            section = model(slug=slug, title=title, introduction=introduction)
            home.add_child(instance=section)
            section.save_revision().publish()
        sections[model] = section
    counter = 0
    for slug, kind, title, introduction, tags, days in NEWS:
        counter += 1
        if not NewsPage.objects.filter(slug=slug).exists():
            page = NewsPage(
                slug=slug,
                title=title,
                introduction=introduction,
                kind=kind,
                date=today - datetime.timedelta(days=days),
                image=_image(title, counter),
                body=[("paragraph", f"<p>{introduction}</p>")],
            )
            _publish(sections[NewsIndexPage], page, tags)
    for slug, title, introduction, tags, facts, ruling, basis, lesson, days in LAW_CASES:
        counter += 1
        if not LawCasePage.objects.filter(slug=slug).exists():
            page = LawCasePage(
                slug=slug,
                title=title,
                introduction=introduction,
                facts=facts,
                ruling=ruling,
                legal_basis=basis,
                lesson=lesson,
                featured=True,
                date=today - datetime.timedelta(days=days),
                image=_image(title, counter),
            )
            _publish(sections[LawCaseIndexPage], page, tags)
    for slug, title, introduction, topic, tags, advice, sources, days in HEALTH:
        counter += 1
        if not HealthInfoPage.objects.filter(slug=slug).exists():
            page = HealthInfoPage(
                slug=slug,
                title=title,
                introduction=introduction,
                topic=topic,
                advice=advice,
                sources=sources,
                last_reviewed=today - datetime.timedelta(days=days),
                featured=True,
                date=today - datetime.timedelta(days=days),
                image=_image(title, counter),
            )
            _publish(sections[HealthInfoIndexPage], page, tags)
    for slug, title, introduction, name, community, honour, tags, body, days in ROLE_MODELS:
        counter += 1
        if not RoleModelPage.objects.filter(slug=slug).exists():
            page = RoleModelPage(
                slug=slug,
                title=title,
                introduction=introduction,
                person_name=name,
                community=community,
                honour=honour,
                featured=True,
                date=today - datetime.timedelta(days=days),
                image=_image(title, counter),
                body=[("paragraph", body)],
            )
            _publish(sections[RoleModelIndexPage], page, tags)
    return {
        "sections": len(sections),
        "news items": NewsPage.objects.count(),
        "law cases": LawCasePage.objects.count(),
        "health topics": HealthInfoPage.objects.count(),
        "role models": RoleModelPage.objects.count(),
    }
